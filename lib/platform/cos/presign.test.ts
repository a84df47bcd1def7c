// What the presigner signs, checked by the local bucket's verifier, which checks as COS does.
import { describe, expect, it } from 'vitest';
import { CosDenied, verifyPostForm, verifyRequest } from '../../../dev/local-bucket/verify.js';
import { CosPresigner } from './presign.js';

const keys = { secretId: 'AKIDexample', secretKey: 'example-secret-key' };
const presigner = new CosPresigner(
  'https://album-1250000000.cos.ap-guangzhou.myqcloud.com',
  'album-1250000000',
  () => keys,
);
const now = new Date('2026-11-01T00:00:00Z');
const later = new Date('2026-11-01T00:10:00Z');
const key = 'album/wx/owner/0-a b.png';

describe('CosPresigner', () => {
  it('encodes keys in URLs as COS does', () => {
    expect(presigner.urlOf(key)).toBe(
      'https://album-1250000000.cos.ap-guangzhou.myqcloud.com/album/wx/owner/0-a%20b.png',
    );
    expect(presigner.pathOf(key)).toBe('/album/wx/owner/0-a b.png');
  });

  it('signs a POST form that allows exactly this key and type, and no other', () => {
    const form = presigner.postForm(key, 'image/png', 100, now, later);
    const posted = (overrides: Record<string, string>, fileSize = 100) => ({
      fields: new Map(Object.entries({ ...form.fields, ...overrides }).map(([k, v]) => [k.toLowerCase(), v])),
      fileSize,
    });
    expect(() => verifyPostForm(posted({}), 'album-1250000000', [keys], now)).not.toThrow();
    expect(() =>
      verifyPostForm(posted({ key: 'album/wx/other/x.png' }), 'album-1250000000', [keys], now),
    ).toThrow(CosDenied);
    expect(() =>
      verifyPostForm(posted({ 'Content-Type': 'text/html' }), 'album-1250000000', [keys], now),
    ).toThrow(CosDenied);
    expect(() => verifyPostForm(posted({}, 101), 'album-1250000000', [keys], now)).toThrow(CosDenied);
  });

  it('signs a PUT URL that pins the content type', () => {
    const url = new URL(presigner.presignedUrl('PUT', key, { 'content-type': 'image/png' }, now, later));
    const signed = (contentType: string) => ({
      method: 'PUT',
      path: presigner.pathOf(key),
      query: url.searchParams,
      headers: { 'content-type': contentType, host: url.host },
    });
    const nowSeconds = now.getTime() / 1000 + 1;
    expect(() => verifyRequest(signed('image/png'), [keys], nowSeconds)).not.toThrow();
    expect(() => verifyRequest(signed('text/html'), [keys], nowSeconds)).toThrow(CosDenied);
  });
});
