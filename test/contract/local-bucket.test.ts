// The local bucket refuses what COS refuses: bigger or other files than signed for, other keys,
// expired or tampered forms, PUTs that differ from what was signed, anonymous requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png, postForm, startTestBucket, type TestBucket } from '../support/bucket.js';

let bucket: TestBucket;
beforeAll(async () => {
  bucket = await startTestBucket([
    { secretId: 'AKIDtemporary', secretKey: 'temp-secret', sessionToken: 'token-123' },
  ]);
});
afterAll(async () => bucket.close());

const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const key = 'album/wxa/owner/photo.png';

/** Each form writes a key of its own: a form writes its key once (x-cos-forbid-overwrite). */
let forms = 0;
function form(size = 100, now = new Date(), expiresAt = at(10)) {
  return bucket
    .presigner()
    .postForm(`album/wxa/owner/form-${forms++}.png`, 'image/png', size, now, expiresAt);
}

async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).toContain(`<Code>${code}</Code>`);
}

describe('POST Object', () => {
  it('accepts exactly what was signed for', async () => {
    expect((await postForm(form(), png(100))).status).toBe(201);
    expect((await postForm(form(), png(1))).status).toBe(201);
  });

  it('refuses a file larger than declared, and an empty one', async () => {
    await expectError(await postForm(form(100), png(101)), 400, 'EntityTooLarge');
    await expectError(await postForm(form(100), new Uint8Array(0)), 400, 'EntityTooSmall');
  });

  it('refuses another content type, another key, or an extra field', async () => {
    const f = form();
    await expectError(
      await postForm({ ...f, fields: { ...f.fields, 'Content-Type': 'text/html' } }, png(10)),
      403,
      'AccessDenied',
    );
    await expectError(
      await postForm({ ...f, fields: { ...f.fields, key: 'album/wxa/other/photo.png' } }, png(10)),
      403,
      'AccessDenied',
    );
    await expectError(
      await postForm({ ...f, fields: { ...f.fields, acl: 'public-read' } }, png(10)),
      403,
      'AccessDenied',
    );
  });

  it('refuses an expired form and a tampered signature or policy', async () => {
    await expectError(await postForm(form(100, at(-20), at(-10)), png(10)), 403, 'AccessDenied');
    const f = form();
    const flipped = f.fields['q-signature']!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await expectError(
      await postForm({ ...f, fields: { ...f.fields, 'q-signature': flipped } }, png(10)),
      403,
      'SignatureDoesNotMatch',
    );
    const bigger = Buffer.from(
      Buffer.from(f.fields.policy!, 'base64')
        .toString()
        .replace('"content-length-range",1,100', '"content-length-range",1,999999'),
    );
    await expectError(
      await postForm({ ...f, fields: { ...f.fields, policy: bigger.toString('base64') } }, png(500)),
      403,
      'SignatureDoesNotMatch',
    );
  });

  it('writes its key once: a second upload gets 409 FileAlreadyExists, even at a field name in other case', async () => {
    const f = form();
    expect((await postForm(f, png(10))).status).toBe(201);
    await expectError(await postForm(f, png(20)), 409, 'FileAlreadyExists');
    // Without the policy's condition the field is refused, and a form that never carried it is
    // an unsigned one: a key is written once through any form this project signs.
    const { 'x-cos-forbid-overwrite': _gone, ...fields } = f.fields;
    await expectError(await postForm({ ...f, fields }, png(20)), 403, 'AccessDenied');
  });

  it('refuses a form whose file is not the last field', async () => {
    const f = form();
    const data = new FormData();
    data.append('file', new Blob([png(10)]), 'x');
    for (const [k, v] of Object.entries(f.fields)) data.append(k, v);
    await expectError(await fetch(f.url, { method: 'POST', body: data }), 400, 'InvalidArgument');
  });

  it('requires the security token with temporary keys', async () => {
    const temp = { secretId: 'AKIDtemporary', secretKey: 'temp-secret', sessionToken: 'token-123' };
    const f = bucket
      .presigner(temp)
      .postForm('album/wxa/owner/temp.png', 'image/png', 100, new Date(), at(10));
    expect(f.fields['x-cos-security-token']).toBe('token-123');
    expect((await postForm(f, png(10))).status).toBe(201);
    const { 'x-cos-security-token': _dropped, ...withoutToken } = f.fields;
    await expectError(await postForm({ ...f, fields: withoutToken }, png(10)), 403, 'InvalidAccessKeyId');
  });
});

describe('presigned PUT', () => {
  const put = (size: number, contentType = 'image/png') =>
    bucket
      .presigner()
      .presignedUrl(
        'PUT',
        key,
        { 'content-type': contentType, 'content-length': String(size) },
        new Date(),
        at(10),
      );

  it('refuses a different content-length or content-type', async () => {
    await expectError(
      await fetch(put(50), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png(51) }),
      403,
      'SignatureDoesNotMatch',
    );
    await expectError(
      await fetch(put(50), { method: 'PUT', headers: { 'content-type': 'image/gif' }, body: png(50) }),
      403,
      'SignatureDoesNotMatch',
    );
    expect(
      (await fetch(put(50), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png(50) }))
        .status,
    ).toBe(200);
  });

  it('refuses an expired URL, an unknown key id and an anonymous request', async () => {
    const expired = bucket.presigner().presignedUrl('PUT', key, {}, at(-20), at(-10));
    await expectError(await fetch(expired, { method: 'PUT', body: png(5) }), 403, 'AccessDenied');
    const stranger = bucket
      .presigner({ secretId: 'AKIDnobody', secretKey: 'x' })
      .presignedUrl('GET', key, {}, new Date(), at(5));
    await expectError(await fetch(stranger), 403, 'InvalidAccessKeyId');
    await expectError(await fetch(`${bucket.url}/${key}`), 403, 'AccessDenied');
  });

  it('a URL signed for one key does not open another', async () => {
    const url = bucket.presigner().presignedUrl('GET', key, {}, new Date(), at(5));
    await expectError(await fetch(url.replace('photo.png', 'other.png')), 403, 'SignatureDoesNotMatch');
  });
});
