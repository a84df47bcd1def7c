// The few COS XML documents the local bucket answers with.
export const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export function errorXml(code: string, message: string, resource: string, requestId: string): string {
  return `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
}

export interface ListEntry {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
}

export function listBucketXml(
  bucket: string,
  prefix: string,
  marker: string,
  maxKeys: number,
  items: ListEntry[],
  truncated: boolean,
): string {
  const contents = items
    .map(
      (o) =>
        `<Contents><Key>${escapeXml(o.key)}</Key><LastModified>${o.lastModified}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const next =
    truncated && items.length > 0
      ? `<NextMarker>${escapeXml(items[items.length - 1]!.key)}</NextMarker>`
      : '';
  return `<?xml version='1.0' encoding='utf-8' ?>\n<ListBucketResult><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><Marker>${escapeXml(marker)}</Marker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`;
}

export function postResponseXml(location: string, bucket: string, key: string, etag: string): string {
  return `<?xml version='1.0' encoding='utf-8' ?>\n<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>&quot;${etag}&quot;</ETag></PostResponse>`;
}
