// Authorisation across users, and sessions under concurrency. User B against each of user A's
// resources gets 403/404 and none of A's data, and A's resources stay intact. A logout racing 50
// /auth calls: once the logout has answered, no request with that session succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { png } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { authWith, loginAs, type Session } from '../support/login.js';
import { wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let dev: Dev;
let alice: Session;
let bob: Session;
const a = { image: { name: '', key: '' }, drawing: 'alice-drawing-1', comment: '' };

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({ ...wechatEnv(wx), WX_CONTENT_CHECK: 'off' });
  await getApp().videos.seed(sampleCatalogue());
  alice = await loginAs('matrix-alice');
  bob = await loginAs('matrix-bob');

  const signed = (
    await dev.call('POST', '/album/uploads', { contentType: 'image/png', size: 64 }, alice.headers)
  ).json.data;
  expect(
    (await fetch(signed.put.url, { method: 'PUT', headers: signed.put.headers, body: png(64) })).status,
  ).toBe(200);
  a.image = { name: signed.name, key: signed.key };
  expect(
    (
      await dev.call(
        'POST',
        '/drawings',
        { id: a.drawing, title: 'alice secret', actions: [{ method: 'moveTo', data: [1, 2] }] },
        alice.headers,
      )
    ).status,
  ).toBe(201);
  a.comment = (
    await dev.call('POST', '/videos/sintel/comments', { content: 'alice says hi' }, alice.headers)
  ).json.data.id;
});
afterAll(async () => {
  await dev.close();
  await wx.close();
});

describe("user B against user A's resources", () => {
  it.each([
    ['DELETE', (): string => `/album/${a.image.name}`, undefined, 404],
    ['GET', (): string => `/drawings/${a.drawing}`, undefined, 404],
    ['DELETE', (): string => `/drawings/${a.drawing}`, undefined, 404],
    ['DELETE', (): string => `/videos/sintel/comments/${a.comment}`, undefined, 404],
    ['POST', (): string => '/profile', (): object => ({ avatarUrl: a.image.key }), 400],
  ] as const)('%s %s -> refused, with none of A data', async (method, path, body, status) => {
    const res = await dev.call(method, path(), body?.(), bob.headers);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.json)).not.toMatch(/alice secret|moveTo/);
    expect(JSON.stringify(res.json)).not.toContain(a.image.key);
  });

  it("lists only B's own images and drawings, and marks A's comment as not B's", async () => {
    const album = await dev.call('GET', '/album', undefined, bob.headers);
    expect(album.json.data.items).toEqual([]);
    const drawings = await dev.call('GET', '/drawings', undefined, bob.headers);
    expect(drawings.json.data.items).toEqual([]);
    const comments = await dev.call('GET', '/videos/sintel/comments', undefined, bob.headers);
    expect(comments.json.data.items.find((c: { id: string }) => c.id === a.comment)).toMatchObject({
      mine: false,
    });
    expect(JSON.stringify(comments.json)).not.toContain(wx.openIdFor('matrix-alice'));
  });

  it("saving a drawing with A's id makes B's own and leaves A's intact", async () => {
    expect(
      (
        await dev.call(
          'POST',
          '/drawings',
          { id: a.drawing, title: 'bob', actions: [{ method: 'lineTo', data: [0] }] },
          bob.headers,
        )
      ).status,
    ).toBe(201);
    const mine = await dev.call('GET', `/drawings/${a.drawing}`, undefined, bob.headers);
    expect(mine.json.data.title).toBe('bob');
  });

  it("A's resources are all still there, unchanged", async () => {
    expect(
      (await dev.call('GET', '/album', undefined, alice.headers)).json.data.items.map(
        (i: { name: string }) => i.name,
      ),
    ).toEqual([a.image.name]);
    const drawing = await dev.call('GET', `/drawings/${a.drawing}`, undefined, alice.headers);
    expect(drawing.json.data).toMatchObject({
      title: 'alice secret',
      actions: [{ method: 'moveTo', data: [1, 2] }],
    });
    const comments = await dev.call('GET', '/videos/sintel/comments', undefined, alice.headers);
    expect(comments.json.data.items.find((c: { id: string }) => c.id === a.comment)).toMatchObject({
      mine: true,
      content: 'alice says hi',
    });
  });
});

describe('session races', () => {
  it('50 parallel /auth with a /logout in the middle: after the logout answers, nothing succeeds', async () => {
    const s = await loginAs('racer');
    const before = Array.from({ length: 25 }, () => authWith(s));
    const logout = invoke(auth, { method: 'POST', path: '/logout', headers: s.headers });
    const during = Array.from({ length: 25 }, () => authWith(s));
    const out = await logout;
    expect(out.body.data).toEqual({ loggedOut: true });
    for (const res of await Promise.all([...before, ...during])) expect([200, 401]).toContain(res.status);
    const after = await Promise.all(Array.from({ length: 50 }, () => authWith(s)));
    expect(after.map((r) => r.status)).toEqual(Array(50).fill(401));
  });

  it('concurrent logins of one user all get working, distinct sessions (up to the cap)', async () => {
    const sessions = await Promise.all(Array.from({ length: 10 }, () => loginAs('parallel-logins')));
    expect(new Set(sessions.map((s) => s.uuid)).size).toBe(10);
    for (const s of sessions) expect((await authWith(s)).status).toBe(200);
  });
});
