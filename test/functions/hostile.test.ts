// The outside red team's HTTP findings, pinned (issue rows 4, 8, 10 and 13), through npm start's
// server and the functions with the real Redis and FerretDB and the fake WeChat.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentLocalBucket } from '../../dev/embedded.js';
import * as auth from '../../functions/auth/index.js';
import * as comments from '../../functions/comments/index.js';
import { getApp } from '../../lib/app/container.js';
import { albumPrefix } from '../../lib/features/album/owner.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { type Dev, startDev } from '../support/dev.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let dev: Dev;
let mallory: Session;

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({ ...wechatEnv(wx), LOGIN_RATE_LIMIT: '10000' });
  mallory = await loginAs('mallory');
  await getApp().videos.seed(sampleCatalogue());
});
afterAll(async () => {
  await dev.close();
  await wx.close();
});

describe('album (row 4)', () => {
  it('lists only album images, and the owner can delete anything under their prefix', async () => {
    const files = currentLocalBucket()!.files;
    const prefix = albumPrefix(wx.appId, wx.openIdFor('mallory'));
    await files.put(`${prefix}evil.html`, Buffer.from('<script>alert(1)</script>'), 'text/html');
    const listed = await dev.call('GET', '/album', undefined, mallory.headers);
    expect(listed.status).toBe(200);
    expect(listed.json.data.items).toEqual([]);
    const removed = await dev.call('DELETE', '/album/evil.html', undefined, mallory.headers);
    expect(removed.status).toBe(200);
    expect(await files.head(`${prefix}evil.html`)).toBeNull();
  });
});

describe('nicknames (row 8)', () => {
  it('go through WeChat moderation as a profile (scene 1): what it judges risky is refused with 422', async () => {
    const before = wx.checkScenes.length;
    const res = await invoke(auth, {
      method: 'POST',
      path: '/profile',
      headers: mallory.headers,
      body: { nickName: 'RISKY 名字' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('ERR_CONTENT_REJECTED');
    expect(wx.checkScenes.slice(before)).toEqual([1]);
    const review = await invoke(auth, {
      method: 'POST',
      path: '/profile',
      headers: mallory.headers,
      body: { nickName: 'REVIEW me' },
    });
    expect(review.status).toBe(422);
  });

  it.each([
    ['a zero-width space', 'ad\u200bmin'],
    ['a right-to-left override', 'abc\u202eexe.png'],
    ['a lone surrogate', 'name\ud800'],
  ])('refuse %s with 400', async (_, nickName) => {
    const res = await invoke(auth, {
      method: 'POST',
      path: '/profile',
      headers: mallory.headers,
      body: { nickName },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERR_INVALID_INPUT');
  });

  it('a refused nickname never reaches readers of comments; the same text rules hold for comments', async () => {
    const vid = (await invoke(comments, { method: 'GET', path: '/videos' })).body.data.items[0].id;
    const hidden = await invoke(comments, {
      method: 'POST',
      path: `/videos/${vid}/comments`,
      headers: mallory.headers,
      body: { content: 'look \u202egnp.exe' },
    });
    expect(hidden.status).toBe(400);
    const posted = await invoke(comments, {
      method: 'POST',
      path: `/videos/${vid}/comments`,
      headers: mallory.headers,
      body: { content: 'hello' },
    });
    expect(posted.body.data.author.nickName).toBe('微信用户');
  });
});

describe('event bodies (row 10)', () => {
  it.each([3.2, 4, 6])('a base64 body of %s MiB answers 413, never a 5xx', async (mib) => {
    const body = Buffer.alloc(Math.floor(mib * 1024 * 1024), 1);
    const res = await invoke(auth, {
      method: 'POST',
      path: '/auth',
      headers: mallory.headers,
      body,
      base64: true,
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('ERR_PAYLOAD_TOO_LARGE');
  });
});

describe('npm start (row 13)', () => {
  /** A raw request, so the target and the Host header can be anything. */
  function raw(target: string, host: string): Promise<{ status: number; body: string }> {
    const url = new URL(dev.url);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'GET', path: target, headers: { host } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it.each([
    ['an absolute-form target', 'http://evil.example/videos', 'localhost'],
    ['a Host with a space', '/videos', 'a b'],
    ['a bucket target with a bad Host', '/_bucket/x.png', 'a b'],
    ['a bucket key naming a folder', '/_bucket/%2E%2E', 'localhost'],
  ])('%s answers a 4xx or 200, never a 5xx', async (_, target, host) => {
    const res = await raw(target, host);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toContain('evil.example');
  });
});
