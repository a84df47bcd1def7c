// The mini-program client, in Node with a scripted wx, against the dev server over real HTTP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, WeappScfError } from '../../client/src/index.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { png } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { nodeWx } from '../support/node-wx.js';

let dev: Dev;
const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-client-'));

beforeAll(async () => {
  dev = await startDev({ LOGIN_RATE_LIMIT: '10000' }); // the dev WeChat stub: each code is a user
  await getApp().videos.seed(sampleCatalogue());
});
afterAll(async () => {
  await dev.close();
  rmSync(dir, { recursive: true, force: true });
});

const clientFor = (code: string) => {
  const wx = nodeWx(code);
  return { wx, client: createClient({ baseUrl: dev.url, wx }) };
};

describe('sessions', () => {
  it('logs in once, keeps uuid/skey in wx storage and sends them as X-WX-Id / X-WX-Skey', async () => {
    const { wx, client } = clientFor('client-alice');
    const { user } = await client.auth();
    expect(user.openId).toMatch(/^odev/);
    expect(wx.loginCalls).toBe(1);
    const stored = wx.storage.get('weapp-scf:session') as { uuid: string; skey: string };
    expect(wx.requests.at(-1)!.header).toMatchObject({ 'X-WX-Id': stored.uuid, 'X-WX-Skey': stored.skey });
    await client.auth();
    expect(wx.loginCalls).toBe(1);
  });

  it('concurrent first requests share one login', async () => {
    const { wx, client } = clientFor('client-concurrent');
    const results = await Promise.all([
      client.auth(),
      client.drawings.list(),
      client.album.list(),
      client.auth(),
      client.auth(),
    ]);
    expect(results).toHaveLength(5);
    expect(wx.loginCalls).toBe(1);
  });

  it('after ERR_INVALID_SESSION it logs in again once and retries once, even for concurrent requests', async () => {
    const { wx, client } = clientFor('client-broken');
    await client.auth();
    const stored = wx.storage.get('weapp-scf:session') as { uuid: string; skey: string; expiresAt: string };
    wx.storage.set('weapp-scf:session', { ...stored, skey: 'A'.repeat(43) });
    const results = await Promise.all([client.auth(), client.auth(), client.drawings.list()]);
    expect(results[0].user.openId).toBe(results[1].user.openId);
    expect(wx.loginCalls).toBe(2);
  });

  it('after ERR_SESSION_EXPIRED it logs in again and the request succeeds', async () => {
    const { wx, client } = clientFor('client-expiring');
    await client.auth();
    getApp().clock.set(() => Date.now() + 31 * 86_400_000);
    try {
      expect((await client.auth()).user.openId).toMatch(/^odev/);
      expect(wx.loginCalls).toBe(2);
    } finally {
      getApp().clock.set(Date.now);
    }
  });

  it('logout ends the session on the server and forgets it', async () => {
    const { wx, client } = clientFor('client-leaving');
    await client.auth();
    const old = wx.storage.get('weapp-scf:session') as { uuid: string; skey: string };
    await client.logout();
    expect(wx.storage.has('weapp-scf:session')).toBe(false);
    const replay = await fetch(`${dev.url}/auth`, {
      method: 'POST',
      headers: { 'X-WX-Id': old.uuid, 'X-WX-Skey': old.skey },
    });
    expect(replay.status).toBe(401);
  });
});

describe('a scripted server that keeps refusing the session', () => {
  it('retries only once, then rejects with the typed error', async () => {
    let calls = 0;
    const wx = nodeWx('never');
    wx.request = ({ url, success }) => {
      calls++;
      if (url.endsWith('/login'))
        return success({
          statusCode: 200,
          data: { ok: true, data: { uuid: 'u', skey: 's', expiresAt: '', user: { openId: 'o' } } },
          header: {},
        });
      success({
        statusCode: 401,
        data: { ok: false, error: 'ERR_SESSION_EXPIRED', message: 'expired', requestId: 'r' },
        header: {},
      });
    };
    const client = createClient({ baseUrl: 'http://scripted', wx });
    const err = await client.auth().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeappScfError);
    expect((err as WeappScfError).code).toBe('ERR_SESSION_EXPIRED');
    expect(wx.loginCalls).toBe(2);
    expect(calls).toBe(4); // login, /auth, login again, /auth once more
  });
});

describe('typed routes', () => {
  it('uploadImage signs, sends the file with wx.uploadFile to the bucket, and resolves to the key', async () => {
    const { client } = clientFor('client-photographer');
    const bytes = png(777);
    const file = join(dir, 'photo.png');
    writeFileSync(file, bytes);
    const key = await client.uploadImage(file, 'image/png', bytes.length);
    const { items } = await client.album.list();
    expect(items.map((i) => i.key)).toEqual([key]);
    expect(Buffer.from(await (await fetch(items[0]!.url)).arrayBuffer()).equals(Buffer.from(bytes))).toBe(
      true,
    );
    await client.album.delete(items[0]!.name);
    expect((await client.album.list()).items).toEqual([]);
  });

  it('an upload larger than signed for rejects with ERR_UPLOAD_FAILED', async () => {
    const { client } = clientFor('client-liar');
    const file = join(dir, 'big.png');
    writeFileSync(file, png(2000));
    const err = await client.uploadImage(file, 'image/png', 1000).catch((e: unknown) => e);
    expect((err as WeappScfError).code).toBe('ERR_UPLOAD_FAILED');
    expect((err as WeappScfError).message).toContain('EntityTooLarge');
  });

  it('drawings, videos, comments and the profile round-trip', async () => {
    const { client } = clientFor('client-everything');
    await client.updateProfile({ nickName: '客户端' });
    const saved = await client.drawings.save({
      id: 'client-drawing',
      title: '线',
      actions: [{ method: 'moveTo', data: [1, 2] }],
    });
    expect((await client.drawings.get(saved.id)).actions).toEqual([{ method: 'moveTo', data: [1, 2] }]);
    expect((await client.drawings.list({ limit: 5 })).items.map((d) => d.id)).toEqual(['client-drawing']);
    await client.drawings.delete(saved.id);

    const videos = await client.videos.list({ limit: 2 });
    expect(videos.items).toHaveLength(2);
    expect(typeof videos.nextCursor).toBe('string');
    const vid = videos.items[0]!.id;
    const posted = await client.comments.post(vid, '从客户端 👍');
    expect(posted).toMatchObject({
      content: '从客户端 👍',
      author: { nickName: '客户端' },
      mine: true,
      status: 'visible',
    });
    expect((await client.comments.list(vid)).items[0]).toMatchObject({ id: posted.id, mine: true });
    await client.comments.delete(vid, posted.id);
  });

  it('me.export hands over what the user made; me.delete deletes the account and forgets the session', async () => {
    const { wx, client } = clientFor('client-me');
    await client.updateProfile({ nickName: '要走了' });
    await client.drawings.save({
      id: 'client-me-drawing',
      title: '最后',
      actions: [{ method: 'lineTo', data: [3] }],
    });
    const data = await client.me.export();
    expect(data.profile).toMatchObject({ nickName: '要走了' });
    expect(data.drawings).toEqual([
      expect.objectContaining({ id: 'client-me-drawing', path: '/drawings/client-me-drawing' }),
    ]);
    expect(data.sessions).toEqual([expect.objectContaining({ door: 'login', current: true })]);
    const old = wx.storage.get('weapp-scf:session') as { uuid: string; skey: string };
    expect(await client.me.delete()).toEqual({ deleted: true });
    expect(wx.storage.has('weapp-scf:session')).toBe(false);
    const replay = await fetch(`${dev.url}/auth`, {
      method: 'POST',
      headers: { 'X-WX-Id': old.uuid, 'X-WX-Skey': old.skey },
    });
    expect(replay.status).toBe(401);
    // The next call logs in again: a new, empty user.
    const fresh = await client.me.export();
    expect(fresh.profile?.nickName).toBe('');
    expect(fresh.drawings).toEqual([]);
  });

  it('rejects with the contract code, status and request id', async () => {
    const { client } = clientFor('client-errors');
    const bad = await client.drawings.save({ actions: [] }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'ERR_INVALID_INPUT', status: 400, requestId: expect.any(String) });
    const missing = await client.drawings.get('no-such-drawing').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 });
    const offline = await createClient({ baseUrl: 'http://127.0.0.1:1', wx: nodeWx('x') })
      .videos.list()
      .catch((e: unknown) => e);
    expect(offline).toMatchObject({ code: 'ERR_NETWORK' });
  });
});

describe('the built client (client/dist, what a mini program loads)', () => {
  it('is CommonJS and works against the dev server', async () => {
    const { createRequire } = await import('node:module');
    const built = createRequire(import.meta.url)(
      '../../client/dist/index.js',
    ) as typeof import('../../client/src/index.js');
    const wx = nodeWx('client-built');
    const client = built.createClient({ baseUrl: dev.url, wx });
    expect((await client.auth()).user.openId).toMatch(/^odev/);
    expect(new built.WeappScfError('ERR_NETWORK', 'x')).toBeInstanceOf(Error);
  });
});

describe('functionUrls', () => {
  it("sends each call to its function's own URL when one is named", async () => {
    const wx = nodeWx('client-function-urls');
    const other = dev.url.replace('127.0.0.1', 'localhost'); // the same server under another name
    const client = createClient({ baseUrl: dev.url, wx, functionUrls: { 'draw-save': other } });
    await client.auth();
    await client.drawings.list();
    expect(wx.requests.map((r) => r.url.split('?')[0])).toEqual([
      `${dev.url}/login`,
      `${dev.url}/auth`,
      `${other}/drawings`,
    ]);
  });
});
