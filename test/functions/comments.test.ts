// comments against FerretDB and Redis with the fake WeChat: the seeded catalogue, reading and
// posting, moderation (pass / review / risky / errcode / stall), the shared access token.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as comments from '../../functions/comments/index.js';
import { eventShapes } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

const root = join(import.meta.dirname, '../..');
let wx: FakeWechat;
let alice: Session;
let bob: Session;
const mongo = new MongoClient(inject('mongoUrl'));
const commentsCollection = () => mongo.db(process.env.MONGO_DB).collection('comments');

const seed = () =>
  promisify(execFile)('npx', ['tsx', 'scripts/seed.ts'], {
    cwd: root,
    env: { ...process.env, MONGO_URL: inject('mongoUrl') },
  });

beforeAll(async () => {
  wx = await startFakeWechat();
  // Many users log in from the one test IP here; the login limit is not what this file tests.
  await configure({ ...wechatEnv(wx), LOGIN_RATE_LIMIT: '10000' });
  await seed();
  alice = await loginAs('comment-alice');
  bob = await loginAs('comment-bob');
  await invoke(auth, {
    method: 'POST',
    path: '/profile',
    headers: alice.headers,
    body: { nickName: '爱丽丝', avatarUrl: 'https://img.example.com/alice.png' },
  });
});
afterAll(async () => {
  await mongo.close();
  await wx.close();
});

const post = (s: Session, content: unknown, vid = 'sintel', extra: Record<string, unknown> = {}) =>
  invoke(comments, {
    method: 'POST',
    path: `/videos/${vid}/comments`,
    headers: s.headers,
    body: { content, ...extra },
  });
const list = (vid: string, s?: Session, query: Record<string, string> = {}) =>
  invoke(comments, { method: 'GET', path: `/videos/${vid}/comments`, headers: s?.headers ?? {}, query });

describe('the catalogue', () => {
  it('npm run seed is idempotent: the second run inserts nothing and changes nothing', async () => {
    const before = await mongo.db(process.env.MONGO_DB).collection('videos').find().sort({ id: 1 }).toArray();
    const { stdout } = await seed();
    expect(stdout).toContain('0 inserted, 4 already there');
    expect(
      await mongo.db(process.env.MONGO_DB).collection('videos').find().sort({ id: 1 }).toArray(),
    ).toEqual(before);
  });

  it('GET /videos lists it newest first with cursor pagination, without a session', async () => {
    const first = await invoke(comments, { method: 'GET', path: '/videos', query: { limit: '3' } });
    expect(first.status).toBe(200);
    expect(first.body.data.items[0]).toEqual({
      id: 'sintel',
      title: '辛特尔 Sintel（预告片）',
      coverUrl: 'https://media.w3.org/2010/05/sintel/poster.png',
      videoUrl: 'https://media.w3.org/2010/05/sintel/trailer.mp4',
      createdAt: '2026-01-10T08:00:00.000Z',
    });
    const rest = await invoke(comments, {
      method: 'GET',
      path: '/videos',
      query: { limit: '3', cursor: first.body.data.nextCursor },
    });
    expect([...first.body.data.items, ...rest.body.data.items].map((v: { id: string }) => v.id)).toEqual([
      'sintel',
      'big-buck-bunny',
      'big-buck-bunny-hls',
      'w3c-sample',
    ]);
    expect(rest.body.data.nextCursor).toBeNull();
  });
});

describe.each(eventShapes)('%s event', (_shape, makeEvent) => {
  it('posts a comment and reads it back, with mine for its author only', async () => {
    const res = await invoke(
      comments,
      {
        method: 'POST',
        path: '/videos/w3c-sample/comments',
        headers: alice.headers,
        body: { content: `好看 ${_shape}` },
      },
      makeEvent,
    );
    expect(res.status).toBe(201);
    const read = await invoke(
      comments,
      { method: 'GET', path: '/videos/w3c-sample/comments', headers: alice.headers },
      makeEvent,
    );
    expect(read.body.data.items[0]).toMatchObject({
      id: res.body.data.id,
      content: `好看 ${_shape}`,
      mine: true,
    });
    const anonymous = await invoke(
      comments,
      { method: 'GET', path: '/videos/w3c-sample/comments' },
      makeEvent,
    );
    expect(anonymous.body.data.items[0].mine).toBe(false);
  });
});

describe('posting', () => {
  it('takes the author from the user store, never from the request, and never shows the openId', async () => {
    const res = await post(alice, '作者是谁', 'sintel', {
      nickName: 'forged',
      avatarUrl: 'https://evil.example.com/x.png',
      author: { nickName: 'x' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      content: '作者是谁',
      author: { nickName: '爱丽丝', avatarUrl: 'https://img.example.com/alice.png' },
      mine: true,
      status: 'visible',
    });
    const seenByBob = (await list('sintel', bob)).body.data.items.find(
      (c: { id: string }) => c.id === res.body.data.id,
    );
    // An avatar from outside WeChat and the album is not checked: others see the default one.
    expect(seenByBob).toEqual({
      id: res.body.data.id,
      content: '作者是谁',
      createdAt: res.body.data.createdAt,
      author: { nickName: '爱丽丝', avatarUrl: '' },
      mine: false,
    });
    expect(JSON.stringify(await list('sintel', bob))).not.toContain(wx.openIdFor('comment-alice'));
  });

  it('round-trips emoji and CJK byte-identical, counting characters, not bytes', async () => {
    const content = `${'👍🏽'.repeat(10)}中文「引号」\n第二行 🀄️ 𠮷`;
    const res = await post(bob, `  ${content}  `);
    expect(res.body.data.content).toBe(content);
    const read = (await list('sintel', bob)).body.data.items.find(
      (c: { id: string }) => c.id === res.body.data.id,
    );
    expect(Buffer.from(read.content).equals(Buffer.from(content))).toBe(true);
    const carol = await loginAs('comment-carol');
    expect((await post(carol, '😀'.repeat(500))).status).toBe(201);
  });

  it.each([
    ['501 characters', 'x'.repeat(501)],
    ['blank', '   \n  '],
    ['an operator object', { $ne: null }],
    ['a number', 42],
    ['a control character', 'bell\u0007'],
    ['a carriage return', 'a\r\nb'],
  ])('rejects %s and writes nothing', async (_name, content) => {
    const dave = await loginAs('comment-dave');
    const before = await commentsCollection().countDocuments();
    const res = await post(dave, content);
    expect(res.status).toBe(400);
    expect(await commentsCollection().countDocuments()).toBe(before);
  });

  it('unknown video -> 404 for reading and posting', async () => {
    expect((await list('no-such-video')).status).toBe(404);
    expect((await post(alice, 'hi', 'no-such-video')).status).toBe(404);
    expect((await list('bad%20id')).status).toBe(400);
  });

  it('allows 10 posts a minute per user, then 429', async () => {
    const erin = await loginAs('comment-erin');
    for (let i = 0; i < 10; i++) expect((await post(erin, `第 ${i} 条`, 'big-buck-bunny')).status).toBe(201);
    const limited = await post(erin, 'one too many', 'big-buck-bunny');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('200 concurrent posts by 20 users: exactly 200 stored and listed, none lost, none duplicated', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => loginAs(`crowd-${i}`)));
    const results = await Promise.all(
      users.flatMap((u, i) =>
        Array.from({ length: 10 }, (_, j) => post(u, `u${i}-c${j}`, 'big-buck-bunny-hls')),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(200);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await list('big-buck-bunny-hls', undefined, { limit: '50', ...(cursor ? { cursor } : {}) })
      ).body.data;
      seen.push(...page.items.map((c: { content: string }) => c.content));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
  });

  it('pages with no gaps and no duplicates while posts arrive', async () => {
    const posters = await Promise.all(Array.from({ length: 3 }, (_, i) => loginAs(`pager-${i}`)));
    for (let i = 0; i < 9; i++)
      expect((await post(posters[i % 3]!, `before ${i}`, 'w3c-sample')).status).toBe(201);
    const existing = (await list('w3c-sample', undefined, { limit: '50' })).body.data.items.map(
      (c: { id: string }) => c.id,
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = (await list('w3c-sample', undefined, { limit: '3', ...(cursor ? { cursor } : {}) })).body
        .data;
      seen.push(...res.items.map((c: { id: string }) => c.id));
      expect((await post(posters[page]!, `arrived ${page}`, 'w3c-sample')).status).toBe(201);
      cursor = res.nextCursor ?? undefined;
    }
    expect(seen).toEqual(existing.slice(0, 9));
  });
});

describe('deleting', () => {
  it('only the author deletes; others get 404 and the comment stays', async () => {
    const res = await post(bob, '要删掉的', 'big-buck-bunny');
    const path = `/videos/big-buck-bunny/comments/${res.body.data.id}`;
    expect((await invoke(comments, { method: 'DELETE', path, headers: alice.headers })).status).toBe(404);
    expect(
      (await list('big-buck-bunny')).body.data.items.some((c: { id: string }) => c.id === res.body.data.id),
    ).toBe(true);
    expect((await invoke(comments, { method: 'DELETE', path, headers: bob.headers })).body.data).toEqual({
      deleted: true,
    });
    expect((await invoke(comments, { method: 'DELETE', path, headers: bob.headers })).status).toBe(404);
  });
});

describe('moderation with msg_sec_check', () => {
  it('risky -> 422 ERR_CONTENT_REJECTED and nothing stored', async () => {
    const frank = await loginAs('mod-frank');
    const before = await commentsCollection().countDocuments();
    const res = await post(frank, 'this is RISKY');
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('ERR_CONTENT_REJECTED');
    expect(await commentsCollection().countDocuments()).toBe(before);
  });

  it('review -> stored, shown to its author only', async () => {
    const grace = await loginAs('mod-grace');
    const res = await post(grace, 'needs REVIEW', 'big-buck-bunny');
    expect(res.status).toBe(201);
    expect(res.body.data.status).toBe('review');
    const has = async (s?: Session) =>
      (await list('big-buck-bunny', s, { limit: '50' })).body.data.items.some(
        (c: { id: string }) => c.id === res.body.data.id,
      );
    expect(await has(grace)).toBe(true);
    expect(await has(bob)).toBe(false);
    expect(await has()).toBe(false);
    expect((await commentsCollection().findOne({ id: res.body.data.id }))?.status).toBe('review');
  });

  it.each([
    ['an errcode', 'ERRCODE please'],
    ['a stall past the 3 s timeout', 'STALL please'],
  ])('%s -> 503 ERR_SERVICE_UNAVAILABLE, nothing published (fail closed)', async (_name, content) => {
    const heidi = await loginAs(`mod-heidi-${content.length}`);
    const before = await commentsCollection().countDocuments();
    const started = Date.now();
    const res = await post(heidi, content);
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('ERR_SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(4500);
    expect(await commentsCollection().countDocuments()).toBe(before);
  });

  it('WX_CONTENT_CHECK=off posts without asking WeChat', async () => {
    await configure({ WX_CONTENT_CHECK: 'off' });
    try {
      const checks = wx.checkCalls;
      const ivan = await loginAs('mod-ivan');
      expect((await post(ivan, 'RISKY but unchecked')).status).toBe(201);
      expect(wx.checkCalls).toBe(checks);
    } finally {
      await configure({ WX_CONTENT_CHECK: undefined });
    }
  });
});

describe('the access token', () => {
  it('is fetched once and shared across many requests', async () => {
    await configure({});
    const calls = wx.tokenCalls;
    const judy = await loginAs('token-judy');
    const kim = await loginAs('token-kim');
    for (let i = 0; i < 5; i++) {
      expect((await post(judy, `缓存 ${i}`, 'big-buck-bunny-hls')).status).toBe(201);
      expect((await post(kim, `缓存 ${i}`, 'big-buck-bunny-hls')).status).toBe(201);
    }
    expect(wx.tokenCalls - calls).toBeLessThanOrEqual(1);
  });

  it('after errcode 40001 it refreshes once and retries once', async () => {
    wx.revokeTokens();
    const calls = wx.tokenCalls;
    const leo = await loginAs('token-leo');
    expect((await post(leo, '令牌过期后')).status).toBe(201);
    expect(wx.tokenCalls - calls).toBe(1);
    expect((await post(leo, '再来一条')).status).toBe(201);
    expect(wx.tokenCalls - calls).toBe(1);
  });
});
