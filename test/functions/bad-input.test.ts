// Bad input gets the contract's 4xx and writes nothing to Redis or MongoDB.

import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as loginFn from '../../functions/login/index.js';
import type { RequestSpec } from '../support/events.js';
import { apiGatewayEvent } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs } from '../support/login.js';
import { keysMatching, testRedis } from '../support/redis.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
const redis = testRedis();
const mongo = new MongoClient(inject('mongoUrl'));

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure(wechatEnv(wx));
  await loginAs('existing-user'); // so the collections and indexes exist before the snapshots
});
afterAll(async () => {
  redis.disconnect();
  await mongo.close();
  await wx.close();
});

async function snapshot(): Promise<string> {
  const keys = (await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`)).sort();
  const values = await Promise.all(keys.map((k) => redis.dumpBuffer(k)));
  const db = mongo.db(process.env.MONGO_DB);
  const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const docs = await Promise.all(collections.map((c) => db.collection(c).find().toArray()));
  return JSON.stringify({ keys, values: values.map((v) => v?.toString('base64')), collections, docs });
}

const big = 'x'.repeat(10 * 1024);

const loginCases: Array<[string, RequestSpec, number, string]> = [
  [
    'a body that is not JSON',
    { method: 'POST', path: '/login', body: '{code: abc' },
    400,
    'ERR_INVALID_INPUT',
  ],
  ['a JSON array', { method: 'POST', path: '/login', body: ['abc'] }, 400, 'ERR_INVALID_INPUT'],
  [
    'code of the wrong type',
    { method: 'POST', path: '/login', body: { code: 123 } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'an operator object as code',
    { method: 'POST', path: '/login', body: { code: { $gt: '' } } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'a $ key anywhere',
    { method: 'POST', path: '/login', body: { code: 'a', x: [{ $where: '1' }] } },
    400,
    'ERR_INVALID_INPUT',
  ],
  ['no code', { method: 'POST', path: '/login', body: {} }, 400, 'ERR_INVALID_INPUT'],
  ['no body at all', { method: 'POST', path: '/login' }, 400, 'ERR_INVALID_INPUT'],
  [
    'appId of the wrong type',
    { method: 'POST', path: '/login', body: { code: 'a', appId: 7 } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'an unknown appId',
    { method: 'POST', path: '/login', body: { code: 'a', appId: 'wxnope' } },
    400,
    'ERR_UNKNOWN_APP',
  ],
  [
    'a body over 1 MiB',
    { method: 'POST', path: '/login', body: { code: 'a', pad: 'x'.repeat(1024 * 1024) } },
    413,
    'ERR_PAYLOAD_TOO_LARGE',
  ],
  [
    'a 10 KB X-WX-Code',
    { method: 'POST', path: '/login', headers: { 'X-WX-Code': big } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'encryptedData without iv',
    { method: 'POST', path: '/login', body: { code: 'a', encryptedData: 'AAAA' } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'rawData without signature',
    { method: 'POST', path: '/login', body: { code: 'a', rawData: '{}' } },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'a bad X-WX-RawData encoding',
    {
      method: 'POST',
      path: '/login',
      headers: { 'X-WX-Code': 'a', 'X-WX-RawData': '%E0%A4%A', 'X-WX-Signature': 'ab' },
    },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'base64 garbage',
    { method: 'POST', path: '/login', body: 'not base64 at all!!', base64: false },
    400,
    'ERR_INVALID_INPUT',
  ],
  [
    'nesting 1000 deep',
    { method: 'POST', path: '/login', body: `${'['.repeat(1000)}${']'.repeat(1000)}` },
    400,
    'ERR_INVALID_INPUT',
  ],
];

describe('POST /login', () => {
  it.each(loginCases)('%s', async (_name, spec, status, error) => {
    const before = await snapshot();
    const res = await invoke(loginFn, spec);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body).toMatchObject({
      ok: false,
      error,
      message: expect.any(String),
      requestId: res.requestId,
    });
    expect(await snapshot()).toBe(before);
  });

  it('names the bad field in the message', async () => {
    const res = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      body: { code: 'a', iv: 5, encryptedData: 'x' },
    });
    expect(res.body.message).toMatch(/^iv: /);
  });

  it('rejects a base64-flagged body that is not base64, and one that is not UTF-8', async () => {
    const before = await snapshot();
    const garbage = {
      ...apiGatewayEvent({ method: 'POST', path: '/login' }),
      body: '%%%not-base64%%%',
      isBase64Encoded: true,
    };
    const notUtf8 = {
      ...apiGatewayEvent({ method: 'POST', path: '/login' }),
      body: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'),
      isBase64Encoded: true,
    };
    for (const event of [garbage, notUtf8]) {
      const res = await loginFn.main_handler(event, { request_id: 'r' });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).error).toBe('ERR_INVALID_INPUT');
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers 400 for an event that is not an HTTP event', async () => {
    for (const event of [null, 'text', {}, { httpMethod: 'POST' }]) {
      const res = await loginFn.main_handler(event, { request_id: 'r' });
      expect(res.statusCode).toBe(400);
    }
  });
});

describe('session credentials', () => {
  it.each([
    ['missing', {}],
    ['a 10 KB X-WX-Id', { 'X-WX-Id': big, 'X-WX-Skey': 'a'.repeat(43) }],
    ['a 10 KB X-WX-Skey', { 'X-WX-Id': '00000000-0000-4000-8000-000000000000', 'X-WX-Skey': big }],
    ['a malformed uuid', { 'X-WX-Id': 'not-a-uuid', 'X-WX-Skey': 'a'.repeat(43) }],
    [
      'an unknown session',
      { 'X-WX-Id': '00000000-0000-4000-8000-000000000000', 'X-WX-Skey': 'a'.repeat(43) },
    ],
  ])('%s -> 401 ERR_INVALID_SESSION, nothing written', async (_name, headers) => {
    const before = await snapshot();
    const res = await invoke(auth, { method: 'POST', path: '/auth', headers });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('ERR_INVALID_SESSION');
    expect(await snapshot()).toBe(before);
  });

  it('rejects uuid and skey of the wrong type in the body', async () => {
    const res = await invoke(auth, {
      method: 'POST',
      path: '/auth',
      body: { uuid: { $ne: null }, skey: ['x'] },
    });
    expect(res.status).toBe(400);
  });
});

describe('POST /profile', () => {
  it.each([
    ['an empty body', undefined],
    ['no fields', {}],
    ['a 65-character nickname', { nickName: '字'.repeat(65) }],
    ['a blank nickname', { nickName: '   ' }],
    ['a control character', { nickName: 'a\u0007b' }],
    ['a number as nickname', { nickName: 42 }],
    ['an http avatar', { avatarUrl: 'http://img.example.com/a.png' }],
    ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }],
    ["someone else's album key", { avatarUrl: `album/${'wx0123456789abcdef'}/${'0'.repeat(32)}/a.png` }],
  ])('%s -> 400 ERR_INVALID_INPUT', async (_name, body) => {
    const s = await loginAs('profile-checks');
    const res = await invoke(auth, { method: 'POST', path: '/profile', headers: s.headers, body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toBe('ERR_INVALID_INPUT');
  });

  it('accepts 64 emoji as a nickname (characters, not UTF-16 units)', async () => {
    const s = await loginAs('emoji-name');
    const res = await invoke(auth, {
      method: 'POST',
      path: '/profile',
      headers: s.headers,
      body: { nickName: '😀'.repeat(64) },
    });
    expect(res.status).toBe(200);
  });
});
