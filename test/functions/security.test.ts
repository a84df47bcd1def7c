// Credentials are stored only hashed, compared exactly, and no secret reaches a response or a log.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as loginFn from '../../functions/login/index.js';
import { logLines } from '../setup.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { authWith, loginAs } from '../support/login.js';
import { keysMatching, testRedis } from '../support/redis.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
const redis = testRedis();

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure(wechatEnv(wx));
});
afterAll(async () => {
  redis.disconnect();
  await wx.close();
});

async function dumpRedis(): Promise<string> {
  const keys = await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'hash') parts.push(key, JSON.stringify(await redis.hgetall(key)));
    else if (type === 'zset') parts.push(key, JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'string') parts.push(key, (await redis.get(key)) ?? '');
    else parts.push(key, type);
  }
  return parts.join('\n');
}

describe('skey', () => {
  it('is never stored in clear: no Redis key or value contains it', async () => {
    const s = await loginAs('hash-only');
    const dump = await dumpRedis();
    expect(dump).toContain(s.uuid);
    expect(dump).not.toContain(s.skey);
  });

  it('a wrong skey of the right length, or another session skey, fails', async () => {
    const s = await loginAs('victim');
    const other = await loginAs('attacker');
    const forged = randomBytes(32).toString('base64url');
    for (const skey of [forged, other.skey, `${s.skey.slice(0, -1)}${s.skey.endsWith('A') ? 'B' : 'A'}`]) {
      const res = await invoke(auth, {
        method: 'POST',
        path: '/auth',
        headers: { 'X-WX-Id': s.uuid, 'X-WX-Skey': skey },
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('ERR_INVALID_SESSION');
    }
    expect((await authWith(s)).status).toBe(200);
  });
});

describe('secrets', () => {
  it('session_key and the app secret appear in no response and no log line', async () => {
    const key = randomBytes(16).toString('base64');
    wx.presetSessionKey('leak-check', key);
    const s = await loginAs('leak-check');
    await authWith(s);
    await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'err-40125' } });
    await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'nonjson' } });
    const everything = `${JSON.stringify(s.data)}\n${logLines.join('\n')}\n${await dumpRedisValuesWithoutSessionKey()}`;
    expect(logLines.length).toBeGreaterThan(2);
    for (const secret of [key, wx.secret]) expect(everything).not.toContain(secret);
  });

  it('an unreachable MongoDB answers 503 with our own text, never the driver message or the URL password', async () => {
    await configure({ MONGO_URL: 'mongodb://user:hunter2-password@127.0.0.1:1/' });
    try {
      const res = await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'no-db' } });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        ok: false,
        error: 'ERR_SERVICE_UNAVAILABLE',
        message: 'MongoDB is unavailable; try again shortly',
        requestId: res.requestId,
      });
      expect(logLines.join('\n')).not.toContain('hunter2-password');
    } finally {
      await configure({ MONGO_URL: inject('mongoUrl') });
    }
  });
});

/** The session hash legitimately holds session_key; everything else in Redis must not. */
async function dumpRedisValuesWithoutSessionKey(): Promise<string> {
  const keys = await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}s:*`);
  const values = await Promise.all(keys.map((k) => redis.hmget(k, 'h', 'a', 'o', 'u')));
  return JSON.stringify(values);
}
