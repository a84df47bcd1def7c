// The album end to end through the dev server and its local bucket, as a mini program uses it:
// log in, sign an upload, upload with the POST form and with the PUT, list, download, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as album from '../../functions/album-sign-upload/index.js';
import { png, postForm } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { eventShapes } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let dev: Dev;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({ ...wechatEnv(wx), ALBUM_MAX_BYTES: String(64 * 1024) });
  alice = await loginAs('album-alice');
  bob = await loginAs('album-bob');
});
afterAll(async () => {
  await dev.close();
  await wx.close();
});

const sign = (s: Session, body: unknown) => dev.call('POST', '/album/uploads', body, s.headers);

describe('the whole flow', () => {
  it('signs, uploads with the POST form and the PUT, lists, downloads the same bytes, deletes', async () => {
    const signed = await sign(alice, { contentType: 'image/png', size: 5000 });
    expect(signed.status).toBe(201);
    const { name, key, expiresAt, post, put } = signed.json.data;
    expect(name).toMatch(/^[0-9a-z]{9}-[A-Za-z0-9_-]{16}\.png$/);
    expect(key).toBe(`${key.slice(0, key.length - name.length)}${name}`);
    expect(key).toMatch(new RegExp(`^album/${wx.appId}/[0-9a-f]{32}/`));
    expect(key).not.toContain(wx.openIdFor('album-alice'));
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(Object.keys(post.fields).sort()).toEqual(
      [
        'Content-Type',
        'key',
        'policy',
        'q-ak',
        'q-key-time',
        'q-sign-algorithm',
        'q-signature',
        'success_action_status',
        'x-cos-forbid-overwrite',
      ].sort(),
    );
    expect(put.headers).toEqual({ 'Content-Type': 'image/png', 'x-cos-forbid-overwrite': 'true' });

    const viaPost = png(5000);
    expect((await postForm(post, viaPost)).status).toBe(201);
    const second = (await sign(alice, { contentType: 'image/jpeg', size: 1234 })).json.data;
    const viaPut = png(1234);
    const putRes = await fetch(second.put.url, { method: 'PUT', headers: second.put.headers, body: viaPut });
    expect(putRes.status).toBe(200);

    const list = await dev.call('GET', '/album', undefined, alice.headers);
    expect(list.status).toBe(200);
    expect(list.json.data.items.map((i: { name: string }) => i.name)).toEqual([second.name, name]);
    for (const [item, bytes] of [
      [list.json.data.items[0], viaPut],
      [list.json.data.items[1], viaPost],
    ] as const) {
      expect(item.size).toBe(bytes.length);
      const download = await fetch(item.url);
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    }

    const deleted = await dev.call('DELETE', `/album/${name}`, undefined, alice.headers);
    expect(deleted.json).toEqual({ ok: true, data: { deleted: true } });
    const after = await dev.call('GET', '/album', undefined, alice.headers);
    expect(after.json.data.items.map((i: { name: string }) => i.name)).toEqual([second.name]);
    expect((await dev.call('DELETE', `/album/${name}`, undefined, alice.headers)).status).toBe(404);
  });

  it('pages newest first with an opaque cursor', async () => {
    const carol = await loginAs('album-carol');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { name, put } = (await sign(carol, { contentType: 'image/gif', size: 10 })).json.data;
      await fetch(put.url, { method: 'PUT', headers: put.headers, body: png(10) });
      names.unshift(name);
      await new Promise((r) => setTimeout(r, 5));
    }
    const first = (await dev.call('GET', '/album?limit=2', undefined, carol.headers)).json.data;
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(names.slice(0, 2));
    expect(typeof first.nextCursor).toBe('string');
    const second = (
      await dev.call('GET', `/album?limit=2&cursor=${first.nextCursor}`, undefined, carol.headers)
    ).json.data;
    expect(second.items.map((i: { name: string }) => i.name)).toEqual(names.slice(2));
    expect(second.nextCursor).toBeNull();
  });
});

describe('authorisation', () => {
  it("another user can neither list, download via the list, nor delete someone's images", async () => {
    const { name, put } = (await sign(alice, { contentType: 'image/webp', size: 20 })).json.data;
    await fetch(put.url, { method: 'PUT', headers: put.headers, body: png(20) });
    const bobs = await dev.call('GET', '/album', undefined, bob.headers);
    expect(bobs.json.data.items.some((i: { name: string }) => i.name === name)).toBe(false);
    const attempt = await dev.call('DELETE', `/album/${name}`, undefined, bob.headers);
    expect(attempt.status).toBe(404);
    expect(attempt.json.error).toBe('ERR_NOT_FOUND');
    const alices = await dev.call('GET', '/album', undefined, alice.headers);
    expect(alices.json.data.items.some((i: { name: string }) => i.name === name)).toBe(true);
  });

  it('an upload form cannot be reused for another user key', async () => {
    const { post } = (await sign(alice, { contentType: 'image/png', size: 10 })).json.data;
    const bobKey = (await sign(bob, { contentType: 'image/png', size: 10 })).json.data.key;
    expect((await postForm({ ...post, fields: { ...post.fields, key: bobKey } }, png(10))).status).toBe(403);
  });

  it('needs a session', async () => {
    expect((await dev.call('GET', '/album')).json.error).toBe('ERR_INVALID_SESSION');
    expect((await dev.call('POST', '/album/uploads', { contentType: 'image/png', size: 1 })).status).toBe(
      401,
    );
  });
});

describe('bad input', () => {
  it.each([
    [{ contentType: 'image/svg+xml', size: 10 }, /^contentType: /],
    [{ contentType: 'image/png', size: 0 }, /^size: /],
    [{ contentType: 'image/png', size: 1.5 }, /^size: /],
    [{ contentType: 'image/png', size: 64 * 1024 + 1 }, /^size: must be at most 65536 bytes/],
    [{ contentType: 'image/png' }, /^size: /],
    [{ contentType: { $ne: null }, size: 1 }, /contentType|\$/],
  ])('%j -> 400', async (body, message) => {
    const res = await sign(alice, body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(message);
  });

  it.each([
    '..%2Fx.png',
    '%2E%2E',
    'a%2Fb.png',
    'x.exe',
    `${'a'.repeat(9)}-${'b'.repeat(16)}.svg`,
    'a%E2%80%AEb',
  ])('DELETE /album/%s -> 4xx (never outside the caller’s prefix)', async (name) => {
    const res = await dev.call('DELETE', `/album/${name}`, undefined, alice.headers);
    expect([400, 404]).toContain(res.status);
  });

  it('rejects a forged cursor and an out-of-range limit', async () => {
    const forged = Buffer.from('../../other/x.png').toString('base64url');
    expect((await dev.call('GET', `/album?cursor=${forged}`, undefined, alice.headers)).status).toBe(400);
    expect((await dev.call('GET', '/album?limit=51', undefined, alice.headers)).status).toBe(400);
    expect((await dev.call('GET', '/album?limit=abc', undefined, alice.headers)).status).toBe(400);
  });

  it('the local bucket has no STS: /album/credentials answers 503', async () => {
    const res = await dev.call('POST', '/album/credentials', undefined, alice.headers);
    expect(res.status).toBe(503);
    expect(res.json.error).toBe('ERR_SERVICE_UNAVAILABLE');
  });
});

describe('rate limit', () => {
  it('allows 60 signed uploads a minute per user, then 429 with retry-after', async () => {
    const dave = await loginAs('album-dave');
    for (let i = 0; i < 60; i++)
      expect((await sign(dave, { contentType: 'image/png', size: 1 })).status).toBe(201);
    const limited = await sign(dave, { contentType: 'image/png', size: 1 });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await sign(alice, { contentType: 'image/png', size: 1 })).status).toBe(201);
  });
});

describe.each(eventShapes)('local invoke, %s event', (_shape, makeEvent) => {
  it('signs an upload', async () => {
    const res = await invoke(
      album,
      {
        method: 'POST',
        path: '/album/uploads',
        headers: alice.headers,
        body: { contentType: 'image/jpeg', size: 99 },
      },
      makeEvent,
    );
    expect(res.status).toBe(201);
    expect(res.body.data.key).toMatch(/\.jpg$/);
  });
});
