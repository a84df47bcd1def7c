// R1: Redis CPU per /auth against one HMGET of the session hash. P2: a warm /login against the sum
// of the raw round trips it must make (one WeChat exchange, one MongoDB upsert, one Redis write).
// (P1, /auth throughput against a hand-written floor, is throughput.ts.)
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import * as auth from '../functions/auth/index.js';
import * as loginFn from '../functions/login/index.js';
import type { FakeWechat } from '../test/support/fake-wechat.js';
import { type BenchResult, compare, result } from './stats.js';

const event = (path: string, headers: Record<string, string>, body?: unknown) => ({
  httpMethod: 'POST',
  path,
  headers: { 'x-scf-remote-addr': '127.0.0.1', ...headers },
  queryString: {},
  body: body === undefined ? undefined : JSON.stringify(body),
});

export async function authBenchmarks(
  db: Db,
  redisUrl: string,
  wx: FakeWechat,
  rounds: number,
): Promise<BenchResult[]> {
  const redis = new Redis(redisUrl);
  try {
    const login = await loginFn.main_handler(event('/login', {}, { code: 'bench-auth' }), {});
    const { uuid, skey } = JSON.parse(login.body).data;
    const authEvent = event('/auth', { 'x-wx-id': uuid, 'x-wx-skey': skey });
    // R1: what a session check costs Redis, from INFO commandstats (the bench's own Redis, nothing
    // else on it now): microseconds of Redis CPU per /auth against one HMGET of the session hash.
    const redisCpu = async (n: number, run: () => Promise<unknown>) => {
      const usec = async () =>
        String(await redis.info('commandstats'))
          .split('\n')
          .filter((l) => l.startsWith('cmdstat_') && !l.startsWith('cmdstat_info'))
          .reduce((sum, l) => sum + Number(/usec=(\d+)/.exec(l)?.[1] ?? 0), 0);
      const before = await usec();
      for (let i = 0; i < n; i++) await run();
      return ((await usec()) - before) / n;
    };
    const sessionKey = `${process.env.REDIS_KEY_PREFIX}s:${uuid}`;
    const checks = rounds * 50;
    // Steady state: the first checks after a login load the slide script into Redis (EVAL, once).
    for (let i = 0; i < 500; i++) await auth.main_handler(authEvent, {});
    const r1 = {
      value: await redisCpu(checks, async () => {
        const res = await auth.main_handler(authEvent, {});
        if (res.statusCode !== 200) throw new Error(res.body);
      }),
      baseline: await redisCpu(checks, () =>
        redis.hmget(sessionKey, 'h', 'a', 'o', 'k', 'c', 'l', 'x', 's', 'u'),
      ),
    };

    const users = db.collection('bench_raw_users');
    const p2 = await compare(
      rounds * 2,
      async (i) => {
        const res = await loginFn.main_handler(event('/login', {}, { code: `bench-login-${i}` }), {});
        if (res.statusCode !== 200) throw new Error(res.body);
      },
      async (i) => {
        const query = new URLSearchParams({
          appid: wx.appId,
          secret: wx.secret,
          js_code: `raw-${i}`,
          grant_type: 'authorization_code',
        });
        const wechat = (await (await fetch(`${wx.url}/sns/jscode2session?${query}`)).json()) as {
          openid: string;
        };
        const now = new Date();
        await users.findOneAndUpdate(
          { appId: wx.appId, openId: wechat.openid },
          { $set: { updatedAt: now, lastLoginAt: now }, $setOnInsert: { createdAt: now } },
          { upsert: true, returnDocument: 'after' },
        );
        await redis.hset(`bench:s:${randomBytes(8).toString('hex')}`, {
          h: 'x',
          a: wx.appId,
          o: wechat.openid,
        });
      },
    );
    return [
      result(
        'R1',
        'Redis CPU per POST /auth vs one HMGET of the session hash, usec (INFO commandstats)',
        r1,
        1.5,
      ),
      result(
        'P2',
        'warm POST /login (fake WeChat) vs its raw round trips: WeChat + Mongo upsert + Redis write, p50 ms',
        p2,
        1.5,
      ),
    ];
  } finally {
    redis.disconnect();
  }
}
