// Redis or MongoDB going away: handlers answer ERR_SERVICE_UNAVAILABLE within 2 s instead of
// hanging, and recover by themselves when the service returns. Uses private service instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as loginFn from '../../functions/login/index.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { authWith, loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';
import { type ServiceHandle, startFerretDB, startRedis } from '../support/services.js';

let wx: FakeWechat;
let redis: ServiceHandle;
let mongo: ServiceHandle;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  [wx, redis, mongo] = await Promise.all([startFakeWechat(), startRedis(), startFerretDB()]);
  await configure({ ...wechatEnv(wx), REDIS_URL: redis.url, MONGO_URL: mongo.url });
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await configure({});
  await Promise.all([wx.close(), redis.dispose(), mongo.dispose()]);
});

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await run();
  return [result, Date.now() - started];
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not recovered within ${withinMs} ms`);
}

describe('Redis down', () => {
  it('answers 503 within 2 s per request, then recovers without a restart', async () => {
    const s = await loginAs('outage-redis');
    expect((await authWith(s)).status).toBe(200);
    await redis.stop();
    for (let i = 0; i < 3; i++) {
      const [res, ms] = await timed(() => authWith(s));
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('ERR_SERVICE_UNAVAILABLE');
      expect(ms).toBeLessThan(2000);
    }
    const [login, ms] = await timed(() =>
      invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'during-outage' } }),
    );
    expect(login.body.error).toBe('ERR_SERVICE_UNAVAILABLE');
    expect(ms).toBeLessThan(2000);

    await redis.start(); // an empty Redis: the old session is gone, a new login works
    await eventually(
      async () =>
        (await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'after' } })).status === 200,
      5000,
    );
    const fresh = await loginAs('outage-redis');
    expect((await authWith(fresh)).status).toBe(200);
    expect((await authWith(s)).body.error).toBe('ERR_INVALID_SESSION');
  });
});

describe('MongoDB down', () => {
  it('login answers 503 within 2 s while /auth, which needs only Redis, keeps working', async () => {
    const s = await loginAs('outage-mongo');
    await mongo.stop();
    for (let i = 0; i < 3; i++) {
      const [res, ms] = await timed(() =>
        invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'outage-mongo' } }),
      );
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('ERR_SERVICE_UNAVAILABLE');
      expect(ms).toBeLessThan(2000);
    }
    const [profile, ms] = await timed(() =>
      invoke(auth, { method: 'POST', path: '/profile', headers: s.headers, body: { nickName: 'x' } }),
    );
    expect(profile.status).toBe(503);
    expect(ms).toBeLessThan(2000);
    expect((await authWith(s)).status).toBe(200);

    await mongo.start();
    await eventually(
      async () =>
        (await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'outage-mongo' } })).status ===
        200,
      5000,
    );
  });
});

it('no unhandled rejection or uncaught exception happened during the outages', () => {
  expect(unhandled).toEqual([]);
});
