// P1: warm POST /auth calls per second, in process, at 1 and 32 requests in flight (autocannon
// over loopback), through the dev server (the HTTP adapter, routing and the whole function) against
// a hand-written floor in the same process and run: a plain node:http server that reads the two
// headers and makes one Redis HMGET of the session hash, as the check itself must. Alternated
// (floor, ours, floor, ours) so machine noise falls on both. Target: ours >= 0.8x the floor.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startDevServer } from '../dev/server.js';
import type { BenchResult } from './stats.js';

async function rps(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  const result = await autocannon({ url, method: 'POST', headers, connections, duration: seconds });
  const failures = result.errors + result.timeouts + result.non2xx;
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests`);
  return result.requests.average;
}

/** The floor: what any /auth must do, and nothing else. */
async function startFloor(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  const server = createServer((req, res) => {
    const uuid = String(req.headers['x-wx-id'] ?? '');
    redis.hmget(`${prefix}s:${uuid}`, 'h', 'a', 'o', 'k', 'c', 'l', 'x', 's', 'u').then(
      (fields) => {
        const ok = fields[0] !== null;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, data: { user: fields[8] } }));
      },
      () => {
        res.writeHead(503);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}

export async function throughputBenchmarks(redisUrl: string, seconds: number): Promise<BenchResult[]> {
  const dev = await startDevServer(0);
  const floor = await startFloor(redisUrl, process.env.REDIS_KEY_PREFIX ?? '');
  try {
    const login = (await (
      await fetch(`${dev.url}/login`, { method: 'POST', body: JSON.stringify({ code: 'bench-throughput' }) })
    ).json()) as { data: { uuid: string; skey: string } };
    const headers = { 'x-wx-id': login.data.uuid, 'x-wx-skey': login.data.skey };
    const results: BenchResult[] = [];
    for (const inFlight of [1, 32]) {
      // Warm both (JIT, connections), then two alternated halves each.
      await rps(floor.url, headers, inFlight, 1);
      await rps(`${dev.url}/auth`, headers, inFlight, 1);
      const half = Math.max(1, Math.round(seconds / 2));
      const floorRps = [await rps(floor.url, headers, inFlight, half)];
      const ours = [await rps(`${dev.url}/auth`, headers, inFlight, half)];
      floorRps.push(await rps(floor.url, headers, inFlight, half));
      ours.push(await rps(`${dev.url}/auth`, headers, inFlight, half));
      const value = (ours[0]! + ours[1]!) / 2;
      const baseline = (floorRps[0]! + floorRps[1]!) / 2;
      const ratio = Math.round((value / baseline) * 1000) / 1000;
      results.push({
        id: `P1-rps-${inFlight}`,
        what: `warm POST /auth req/s in process, ${inFlight} in flight, through the dev server vs a plain http server + one Redis HMGET (baseline); ratio = ours / floor, target >= 0.8`,
        value: Math.round(value),
        baseline: Math.round(baseline),
        ratio,
        target: 0.8,
        ok: ratio >= 0.8,
      });
    }
    return results;
  } finally {
    await floor.close();
    await dev.close();
  }
}
