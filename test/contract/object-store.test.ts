// One ObjectStore contract, run against the COS adapter (over HTTP, against the local bucket that
// speaks COS's API) and the embedded store. Uploads go through presigned forms and URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosObjectStore } from '../../lib/stores/object/cos.js';
import { LocalObjectStore } from '../../lib/stores/object/local.js';
import { PresigningStore } from '../../lib/stores/object/presigning.js';
import type { ObjectStore } from '../../lib/stores/object/store.js';
import { png, postForm, startTestBucket, type TestBucket } from '../support/bucket.js';

let bucket: TestBucket;
beforeAll(async () => {
  bucket = await startTestBucket();
});
afterAll(async () => bucket.close());

const implementations: Array<[string, () => ObjectStore]> = [
  ['cos adapter over HTTP', () => new CosObjectStore(bucket.presigner())],
  ['embedded', () => new LocalObjectStore(bucket.presigner(), bucket.files)],
];

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
let n = 0;

describe.each(implementations)('ObjectStore (%s)', (name, make) => {
  const prefix = `album/wxa/${name.replace(/\W/g, '')}/`;

  it('uploads with the POST form, then heads and downloads the same bytes', async () => {
    const store = make();
    const key = `${prefix}post-${n++}.png`;
    const bytes = png(2048);
    const form = store.presignPost(key, {
      contentType: 'image/png',
      size: 4096,
      now: new Date(),
      expiresAt: minutes(10),
    });
    const res = await postForm(form, bytes);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.text()).toContain(`<Key>${key}</Key>`);
    expect(await store.head(key)).toMatchObject({ key, size: 2048 });
    const download = await fetch(store.downloadUrl(key, new Date(), minutes(5)));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('uploads with the presigned PUT', async () => {
    const store = make();
    const key = `${prefix}put-${n++}.webp`;
    const bytes = png(300);
    const put = store.presignPut(key, {
      contentType: 'image/webp',
      size: 300,
      now: new Date(),
      expiresAt: minutes(10),
    });
    const res = await fetch(put.url, { method: 'PUT', headers: put.headers, body: bytes });
    expect(res.status, await res.text()).toBe(200);
    expect((await store.head(key))?.size).toBe(300);
  });

  it('writes a key once: the same PUT URL, the same POST form or a forged-away header cannot replace it', async () => {
    const store = make();
    const key = `${prefix}once-${n++}.png`;
    const scope = { contentType: 'image/png', size: 300, now: new Date(), expiresAt: minutes(10) };
    const put = store.presignPut(key, scope);
    const form = store.presignPost(key, scope);
    const first = png(300);
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: first })).status).toBe(200);
    const other = Buffer.from(png(300));
    other[other.length - 20] = (other[other.length - 20]! + 1) % 256;
    const again = await fetch(put.url, { method: 'PUT', headers: put.headers, body: other });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('<Code>FileAlreadyExists</Code>');
    expect((await postForm(form, other)).status).toBe(409);
    // Dropping the header breaks the signature or the policy: it is part of what was signed.
    const { 'x-cos-forbid-overwrite': _, ...without } = put.headers;
    expect((await fetch(put.url, { method: 'PUT', headers: without, body: other })).status).toBe(403);
    const { 'x-cos-forbid-overwrite': __, ...fields } = form.fields;
    expect((await postForm({ ...form, fields }, other)).status).toBe(403);
    const served = await fetch(store.downloadUrl(key, new Date(), minutes(5)));
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(first))).toBe(true);
    // A key that is gone may be written again (its new object is then checked as a new upload).
    await store.delete(key);
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: other })).status).toBe(200);
  });

  it('of two writers racing for one key, exactly one wins', async () => {
    const store = make();
    const key = `${prefix}race-${n++}.png`;
    const put = store.presignPut(key, {
      contentType: 'image/png',
      size: 64,
      now: new Date(),
      expiresAt: minutes(5),
    });
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(put.url, { method: 'PUT', headers: put.headers, body: png(64) }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('lists one prefix only, in key order, page by page with markers', async () => {
    const store = make();
    const listPrefix = `${prefix}list-${n++}/`;
    const keys = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'].map((k) => `${listPrefix}${k}`);
    for (const key of [...keys, `${prefix}elsewhere.png`]) {
      const put = store.presignPut(key, {
        contentType: 'image/png',
        size: 8,
        now: new Date(),
        expiresAt: minutes(5),
      });
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: png(8) })).status).toBe(200);
    }
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await store.list(listPrefix, { marker, maxKeys: 2 });
      seen.push(...result.items.map((i) => i.key));
      expect(result.items.every((i) => i.size === 8 && i.lastModified instanceof Date)).toBe(true);
      if (!result.nextMarker) break;
      marker = result.nextMarker;
    }
    expect(seen).toEqual(keys);
    expect((await store.list(`${prefix}nothing-here/`, { maxKeys: 10 })).items).toEqual([]);
  });

  it('presigns as every bucket does: a PUT pins its length and type', async () => {
    const store = make();
    expect(store).toBeInstanceOf(PresigningStore);
    const key = `${prefix}pinned-${n++}.png`;
    const put = store.presignPut(key, {
      contentType: 'image/png',
      size: 8,
      now: new Date(),
      expiresAt: minutes(5),
    });
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: png(9) })).status).toBe(403);
    const html = { 'Content-Type': 'text/html' };
    expect((await fetch(put.url, { method: 'PUT', headers: html, body: png(8) })).status).toBe(403);
    expect(await store.head(key)).toBeNull();
  });

  it('deletes, and then the object is gone; deleting a missing key is fine', async () => {
    const store = make();
    const key = `${prefix}gone-${n++}.gif`;
    const put = store.presignPut(key, {
      contentType: 'image/gif',
      size: 4,
      now: new Date(),
      expiresAt: minutes(5),
    });
    await fetch(put.url, { method: 'PUT', headers: put.headers, body: png(4) });
    await store.delete(key);
    expect(await store.head(key)).toBeNull();
    expect((await fetch(store.downloadUrl(key, new Date(), minutes(5)))).status).toBe(404);
    await expect(store.delete(key)).resolves.toBeUndefined();
  });
});

it('COS_PUBLIC_BASE turns download URLs into plain public URLs, keys percent-encoded', () => {
  const store = new CosObjectStore(bucket.presigner(), 'https://img.example.com/');
  expect(store.downloadUrl('album/wxa/owner/相册 1.png', new Date(), minutes(5))).toBe(
    'https://img.example.com/album/wxa/owner/%E7%9B%B8%E5%86%8C%201.png',
  );
});
