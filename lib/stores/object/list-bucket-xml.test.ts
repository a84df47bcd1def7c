import { describe, expect, it } from 'vitest';
import { parseListBucket } from './list-bucket-xml.js';

describe('parseListBucket', () => {
  it("reads COS's ListBucketResult, one item or many, keys kept as text", () => {
    const one = parseListBucket(
      '<ListBucketResult><IsTruncated>true</IsTruncated><NextMarker>0001.png</NextMarker>' +
        '<Contents><Key>0001.png</Key><Size>12</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>' +
        '</ListBucketResult>',
    );
    expect(one).toEqual({
      items: [{ key: '0001.png', size: 12, lastModified: new Date('2026-01-01T00:00:00.000Z') }],
      truncated: true,
      nextMarker: '0001.png',
    });
  });

  it('reads an empty listing', () => {
    expect(parseListBucket('<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>')).toEqual({
      items: [],
      truncated: false,
      nextMarker: undefined,
    });
  });
});
