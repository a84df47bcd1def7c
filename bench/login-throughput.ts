// P7: warm POST /login calls per second, 10 in flight, through the dev server with the users kept
// in process (no MongoDB: what is left is ours, the WeChat exchange and Redis), against a
// hand-written floor in the same process and run: a plain node:http server that reads the code,
// makes the same exchange with the fake WeChat on one kept-alive connection and one Redis SET of
// a session. Alternated (floor, ours, floor, ours). Target: ours >= 0.9x the floor.
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startDevServer } from '../dev/server.js';
import { resetApp } from '../lib/app/container.js';
import type { BenchResult } from './stats.js';

const IN_FLIGHT = 10;

async function rps(url: string, seconds: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'bench-p7' }),
    connections: IN_FLIGHT,
    duration: seconds,
  });
  const failures = result.errors + result.timeouts + result.non2xx;
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests`);
  return result.requests.average;
}

async function startFloor(redisUrl: string, wechat: string) {
  const redis = new Redis(redisUrl);
  const agent = new Agent({ keepAlive: true });
  const base = new URL(wechat);
  const exchange = (code: string) =>
    new Promise<{ openid: string; session_key: string }>((resolve, reject) => {
      const path = `/sns/jscode2session?appid=${process.env.WX_APPID}&secret=${process.env.WX_SECRET}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`;
      request({ host: base.hostname, port: base.port, path, agent }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      })
        .on('error', reject)
        .end();
    });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      try {
        const wx = await exchange(JSON.parse(body).code);
        const uuid = randomBytes(16).toString('hex');
        const skey = randomBytes(16).toString('hex');
        await redis.set(
          `floor:s:${uuid}`,
          JSON.stringify({ o: wx.openid, k: wx.session_key, skey }),
          'PX',
          60_000,
        );
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, data: { uuid, skey } }));
      } catch {
        res.writeHead(503).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
      agent.destroy();
    },
  };
}

export async function loginThroughputBenchmarks(redisUrl: string, seconds: number): Promise<BenchResult[]> {
  const mongoUrl = process.env.MONGO_URL;
  delete process.env.MONGO_URL; // users in process
  await resetApp();
  const dev = await startDevServer(0);
  const floor = await startFloor(redisUrl, process.env.WX_API_BASE!);
  try {
    await rps(floor.url, 1);
    await rps(`${dev.url}/login`, 1);
    const half = Math.max(1, Math.round(seconds / 2));
    const base = [await rps(floor.url, half)];
    const ours = [await rps(`${dev.url}/login`, half)];
    base.push(await rps(floor.url, half));
    ours.push(await rps(`${dev.url}/login`, half));
    const value = (ours[0]! + ours[1]!) / 2;
    const baseline = (base[0]! + base[1]!) / 2;
    const ratio = Math.round((value / baseline) * 1000) / 1000;
    return [
      {
        id: 'P7',
        what: `warm POST /login req/s, ${IN_FLIGHT} in flight, users in process (no MongoDB), through the dev server vs a plain http server making the WeChat exchange on one kept-alive connection and one Redis SET (baseline); ratio = ours / floor, target >= 0.9`,
        value: Math.round(value),
        baseline: Math.round(baseline),
        ratio,
        target: 0.9,
        ok: ratio >= 0.9,
      },
    ];
  } finally {
    await floor.close();
    await dev.close();
    process.env.MONGO_URL = mongoUrl;
    await resetApp();
  }
}
