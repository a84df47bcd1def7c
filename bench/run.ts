// npm run bench: every figure is a p50 ratio to a baseline measured in the same run, against real
// services on loopback (started here unless REDIS_URL / MONGO_URL are set). Prints a table and
// writes bench/results.json.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { resetApp } from '../lib/app/container.js';
import { pushSignature } from '../lib/integrations/wechat/push-crypto.js';
import { setLogSink } from '../lib/platform/log.js';
import { startFakeWechat } from '../test/support/fake-wechat.js';
import { type ServiceHandle, startFerretDB, startRedis } from '../test/support/services.js';
import { authBenchmarks } from './auth.js';
import { coldStartBenchmarks } from './cold-start.js';
import { commentBenchmarks } from './comments.js';
import { connectionBenchmarks } from './connections.js';
import { drawingBenchmarks } from './drawings.js';
import { loginThroughputBenchmarks } from './login-throughput.js';
import { memoryBenchmarks } from './memory.js';
import type { BenchResult } from './stats.js';
import { throughputBenchmarks } from './throughput.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
/** BENCH_ONLY=auth,cold,...: run only these groups (the full run is what results.json is for). */
const only = process.env.BENCH_ONLY?.split(',');
const want = (group: string) => !only || only.includes(group);
const started: ServiceHandle[] = [];

async function main(): Promise<void> {
  if (!process.env.REDIS_URL) started.push(await startRedis());
  if (!process.env.MONGO_URL) started.push(await startFerretDB());
  const redisUrl = process.env.REDIS_URL ?? started.find((s) => s.url.startsWith('redis'))!.url;
  const mongoUrl = process.env.MONGO_URL ?? started.find((s) => s.url.startsWith('mongodb'))!.url;
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const wx = await startFakeWechat();
  Object.assign(process.env, {
    REDIS_URL: redisUrl,
    MONGO_URL: mongoUrl,
    MONGO_DB: dbName,
    REDIS_KEY_PREFIX: `b${dbName}:`,
    LOGIN_RATE_LIMIT: '100000',
    WX_APPID: wx.appId,
    WX_SECRET: wx.secret,
    WX_API_BASE: wx.url,
    WX_CONTENT_CHECK: 'off',
    WX_PUSH_TOKEN: 'benchPushToken',
  });
  setLogSink(() => {});
  const mongo = new MongoClient(mongoUrl);
  try {
    const db = mongo.db(dbName);
    const results: BenchResult[] = [
      ...(want('auth') ? await authBenchmarks(db, redisUrl, wx, rounds) : []),
      ...(want('drawings') ? await drawingBenchmarks(db, rounds) : []),
      ...(want('comments') ? await commentBenchmarks(db, rounds) : []),
      ...(want('cold')
        ? await coldStartBenchmarks(await coldRequests(), Math.max(15, Math.round(rounds / 2)))
        : []),
      ...(want('memory') ? await memoryBenchmarks(await coldRequests()) : []),
      ...(want('connections') ? await connectionBenchmarks(wx, rounds) : []),
      ...(want('login-throughput')
        ? await loginThroughputBenchmarks(redisUrl, Number(process.env.BENCH_SECONDS ?? 6))
        : []),
      ...(want('throughput')
        ? await throughputBenchmarks(redisUrl, Number(process.env.BENCH_SECONDS ?? 6))
        : []),
    ];
    console.table(results.map(({ what: _what, ...figures }) => figures));
    if (!only)
      writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      `${results.filter((r) => r.ok).length}/${results.length} within target${only ? '' : '; bench/results.json written'}`,
    );
    await db.dropDatabase();
  } finally {
    await mongo.close();
    await resetApp();
    await wx.close();
    await Promise.all(started.map((s) => s.dispose()));
  }
}

/** One real request per function for the cold-start figures, with a session made here. */
async function coldRequests() {
  const { main_handler } = await import('../functions/login/index.js');
  const login = await main_handler(
    { httpMethod: 'POST', path: '/login', headers: {}, body: JSON.stringify({ code: 'cold' }) },
    {},
  );
  const { uuid, skey } = JSON.parse(login.body).data;
  const headers = { 'x-wx-id': uuid, 'x-wx-skey': skey };
  const event = (httpMethod: string, path: string, body?: unknown, queryString = {}) => ({
    httpMethod,
    path,
    headers,
    queryString,
    body: body && JSON.stringify(body),
  });
  // WeChat's URL check, signed with the bench's token and fresh for the 5 minutes the run takes.
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = pushSignature(process.env.WX_PUSH_TOKEN!, timestamp, 'coldnonce');
  return {
    login: event('POST', '/login', { code: 'cold-start' }),
    auth: event('POST', '/auth'),
    'album-sign-upload': event('POST', '/album/uploads', { contentType: 'image/png', size: 100 }),
    'draw-save': event('GET', '/drawings'),
    comments: event('GET', '/videos'),
    'wx-push': event('GET', '/wx/push', undefined, {
      signature,
      timestamp,
      nonce: 'coldnonce',
      echostr: '42',
    }),
  };
}

await main();
