// P5 and P6: connections to WeChat from a warm container. Both run the built functions as SCF does
// (test/support/scf-container.ts: Node.js 18.15, the layer in /opt, one process kept warm) against
// the fake WeChat behind an HTTPS front on loopback (test/support/tls-front.ts), its certificate
// trusted through NODE_EXTRA_CA_CERTS.
//   P5: TLS handshakes per 50 back-to-back warm logins, comment posts (msg_sec_check) and STS
//       credentials. Target: at most 2 each.
//   P6: warm POST /login p50 with 20 ms of round trip added to every request (and two more to a
//       new connection: TCP, then TLS) against a hand-written client in a process of the same kind
//       with one kept-alive connection making the same calls (the code exchange, a MongoDB upsert
//       of the user, a Redis SET of the session), the two alternated. Target: <= 1.2x.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getApp } from '../lib/app/container.js';
import { sampleCatalogue } from '../lib/features/comments/sample-catalogue.js';
import { buildAll } from '../scripts/build.js';
import { functionUrlEvent } from '../test/support/events.js';
import { startFakeSts } from '../test/support/fake-sts.js';
import type { FakeWechat } from '../test/support/fake-wechat.js';
import {
  type FunctionProcess,
  type Reply,
  scfLayout,
  startWarmFunction,
} from '../test/support/scf-container.js';
import { startTlsFront, type TlsFront } from '../test/support/tls-front.js';
import { type BenchResult, median, timeMs } from './stats.js';

const root = join(import.meta.dirname, '..');
const CALLS = 50;

const serviceEnv = () =>
  Object.fromEntries(
    ['REDIS_URL', 'REDIS_KEY_PREFIX', 'MONGO_URL', 'MONGO_DB'].flatMap((k) =>
      process.env[k] ? [[k, process.env[k]!]] : [],
    ),
  );

const answer = async (fn: FunctionProcess, spec: Parameters<typeof functionUrlEvent>[0]) => {
  const reply = (await fn.invoke(functionUrlEvent(spec))) as Reply;
  if (reply.statusCode >= 300)
    throw new Error(
      `${spec.method} ${spec.path}: ${reply.statusCode} ${reply.body}\n${fn.output.join('\n')}`,
    );
  return JSON.parse(reply.body).data;
};

/** The hand-written floor of a login, warm in a Node.js 18.15 process of its own. */
const FLOOR = `
  const https = require('node:https');
  const { Redis } = require('ioredis');
  const { MongoClient } = require('mongodb');
  const agent = new https.Agent({ keepAlive: true });
  const redis = new Redis(process.env.REDIS_URL);
  const users = new MongoClient(process.env.MONGO_URL).db(process.env.MONGO_DB).collection('floor_users');
  const exchange = (code) => new Promise((resolve, reject) => {
    const url = process.env.WX_API_BASE + '/sns/jscode2session?appid=' + process.env.WX_APPID + '&secret=' +
      process.env.WX_SECRET + '&js_code=' + code + '&grant_type=authorization_code';
    https.get(url, { agent }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => resolve(JSON.parse(t))); }).on('error', reject);
  });
  async function login(code) {
    const wx = await exchange(code);
    const now = new Date();
    await users.updateOne({ appId: process.env.WX_APPID, openId: wx.openid }, { $set: { updatedAt: now }, $setOnInsert: { createdAt: now } }, { upsert: true });
    await redis.set(process.env.REDIS_KEY_PREFIX + 'floor:' + code, JSON.stringify({ openId: wx.openid, key: wx.session_key }), 'PX', 60000);
    return { statusCode: 200, headers: {}, body: JSON.stringify({ ok: true, data: { openId: wx.openid } }) };
  }
  exports.main_handler = (event) => login(JSON.parse(event.body).code);
`;

export async function connectionBenchmarks(wx: FakeWechat, rounds: number): Promise<BenchResult[]> {
  await buildAll();
  await getApp().videos.seed(sampleCatalogue());
  const layout = scfLayout(['login', 'comments', 'album-sign-upload']);
  const fronts: TlsFront[] = [];
  const running: FunctionProcess[] = [];
  const container = (name: string, front: TlsFront, extra: Record<string, string> = {}) => {
    const fn = startWarmFunction(layout, name, {
      ...serviceEnv(),
      WX_APPID: wx.appId,
      WX_SECRET: wx.secret,
      WX_API_BASE: front.url,
      NODE_EXTRA_CA_CERTS: front.caFile,
      WX_CONTENT_CHECK: 'on',
      LOGIN_RATE_LIMIT: '100000',
      ...extra,
    });
    running.push(fn);
    return fn;
  };
  const front = async (upstream: string, rttMs = 0) => {
    const f = await startTlsFront(upstream, rttMs);
    fronts.push(f);
    return f;
  };
  try {
    const results: BenchResult[] = [];
    const p5 = (what: string, handshakes: number): BenchResult => ({
      id: `P5-${what}`,
      what: `TLS handshakes per ${CALLS} back-to-back warm ${what} calls to WeChat/STS in one container, Node 18.15 (baseline: the calls; one handshake each without keep-alive)`,
      value: handshakes,
      baseline: CALLS,
      ratio: handshakes,
      target: 2,
      ok: handshakes <= 2,
    });

    const plain = await front(wx.url);
    const login = container('login', plain);
    let before = plain.handshakes;
    for (let i = 0; i < CALLS; i++)
      await answer(login, { method: 'POST', path: '/login', body: { code: `p5-${i}` } });
    results.push(p5('login', plain.handshakes - before));

    const comments = container('comments', plain);
    const sessions = [];
    for (let u = 0; u < 5; u++) {
      const data = await answer(login, { method: 'POST', path: '/login', body: { code: `p5-poster-${u}` } });
      sessions.push({ 'X-WX-Id': data.uuid, 'X-WX-Skey': data.skey });
    }
    before = plain.handshakes;
    for (let i = 0; i < CALLS; i++)
      await answer(comments, {
        method: 'POST',
        path: '/videos/sintel/comments',
        headers: sessions[i % 5],
        body: { content: `p5 ${i}` },
      });
    results.push(p5('comment', plain.handshakes - before));

    const sts = await startFakeSts();
    const stsFront = await front(sts.url);
    const album = container('album-sign-upload', plain, {
      COS_BUCKET: 'bench-1250000000',
      COS_REGION: 'ap-guangzhou',
      COS_SECRET_ID: 'AKIDbench',
      COS_SECRET_KEY: 'bench-secret-key',
      STS_ENDPOINT: stsFront.url,
      NODE_EXTRA_CA_CERTS: stsFront.caFile,
    });
    for (let i = 0; i < CALLS; i++)
      await answer(album, { method: 'POST', path: '/album/credentials', headers: sessions[i % 5] });
    results.push(p5('sts', stsFront.handshakes));
    await sts.close();

    // P6: the same login through a front 20 ms away, against the floor.
    const far = await front(wx.url, 20);
    const farLogin = container('login', far);
    const floorDir = join(layout, 'floor/var/user');
    mkdirSync(floorDir, { recursive: true });
    writeFileSync(join(floorDir, 'index.js'), FLOOR);
    const floor = startWarmFunction(layout, 'floor', {
      ...serviceEnv(),
      WX_APPID: wx.appId,
      WX_SECRET: wx.secret,
      WX_API_BASE: far.url,
      NODE_EXTRA_CA_CERTS: far.caFile,
      NODE_PATH: join(root, 'node_modules'),
    });
    running.push(floor);
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = -5; i < rounds; i++) {
      const a = await timeMs(() =>
        answer(farLogin, { method: 'POST', path: '/login', body: { code: `p6-${i}` } }),
      );
      const b = await timeMs(() =>
        floor.invoke(functionUrlEvent({ method: 'POST', path: '/login', body: { code: `p6-${i}` } })),
      );
      if (i >= 0) {
        ours.push(a);
        base.push(b);
      }
    }
    const value = median(ours);
    const baseline = median(base);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    results.push({
      id: 'P6',
      what: 'warm POST /login p50 ms, WeChat 20 ms away over HTTPS, Node 18.15, SCF layout (baseline: a hand-written client on one kept-alive connection making the same calls)',
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      target: 1.2,
      ok: value / baseline <= 1.2,
    });
    return results;
  } finally {
    for (const fn of running) fn.close();
    await Promise.all(fronts.map((f) => f.close()));
    rmSync(layout, { recursive: true, force: true });
  }
}
