// Soak (issue row 2, bounded): npm start on the real Redis, 20 abusive sockets for 10 s - floods of
// hello and face frames, join/leave churn, garbage and binary frames, clients that never read,
// reconnecting whenever the server cuts them off. The server lives, its memory comes back within
// 20 MB of where it started, and no game:* key is left in Redis.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gameKeyPattern, keysMatching, redisEnv, testRedis } from '../support/redis.js';
import { freePort } from '../support/services.js';

const root = join(import.meta.dirname, '../..');
const prefix = `soak${Date.now().toString(36)}:`;
let server: ChildProcess;
let base: string;
let output = '';
const redis = testRedis();

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      ...redisEnv(),
      REDIS_KEY_PREFIX: prefix,
      LOGIN_RATE_LIMIT: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  });
  server.stderr?.on('data', (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  });
  const deadline = Date.now() + 30_000;
  while (!output.includes('listening on')) {
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`npm start did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);
afterAll(async () => {
  server?.kill('SIGTERM');
  redis.disconnect();
});

const rssMb = () => {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
};

async function session(code: string): Promise<{ uuid: string; skey: string }> {
  const res = await fetch(`${base}/login`, { method: 'POST', body: JSON.stringify({ code }) });
  return ((await res.json()) as { data: { uuid: string; skey: string } }).data;
}

function open(s: { uuid: string; skey: string }): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/game?uuid=${s.uuid}&skey=${s.skey}`);
    ws.on('open', () => resolve(ws));
    ws.on('error', () => resolve(undefined));
    ws.on('unexpected-response', () => resolve(undefined));
  });
}

const ABUSE: Array<(ws: WebSocket, i: number) => void> = [
  (ws) => ws.send('{"type":"hello"}'),
  (ws, i) => ws.send(i % 50 === 0 ? '{"type":"join"}' : '{"type":"face","value":"😀"}'),
  (ws, i) => ws.send(i % 2 === 0 ? '{"type":"join"}' : '{"type":"leave"}'),
  (ws, i) => ws.send(i % 2 === 0 ? Buffer.from([0, 1, 2]) : '{"type":"choice","value":7}'),
];

/** Each session's socket abuses the server in its own way until `until`, reconnecting when cut off. */
async function abuse(sessions: Array<{ uuid: string; skey: string }>, until: number): Promise<void> {
  await Promise.all(
    sessions.map(async (s, n) => {
      const kind = ABUSE[n % ABUSE.length]!;
      while (Date.now() < until) {
        const ws = await open(s);
        if (!ws) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        // Half the clients never read what the server sends.
        if (n % 2 === 1) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
        await new Promise<void>((resolve) => {
          let i = 0;
          const timer = setInterval(() => {
            if (ws.readyState !== ws.OPEN || Date.now() >= until) {
              clearInterval(timer);
              ws.terminate();
              resolve();
              return;
            }
            for (let k = 0; k < 20; k++) kind(ws, i++);
          }, 2);
          ws.on('close', () => {
            clearInterval(timer);
            resolve();
          });
        });
      }
    }),
  );
}

it('20 abusive sockets for 10 s: the server lives, RSS comes back within 20 MB, no game:* key is left', async () => {
  // Warm up with 2 s of the same abuse from 4 sockets, so the code paths are compiled and the
  // allocators have their working size before the baseline: what is measured is the growth.
  await abuse(await Promise.all([0, 1, 2, 3].map((i) => session(`soak-warm-${i}`))), Date.now() + 2000);
  await new Promise((r) => setTimeout(r, 1000));
  const start = rssMb();

  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 200);
  await abuse(
    await Promise.all(Array.from({ length: 20 }, (_, i) => session(`soak-${i}`))),
    Date.now() + 10_000,
  );
  clearInterval(sampler);

  expect(server.exitCode, output).toBeNull();
  expect((await fetch(`${base}/videos`)).status).toBe(200);
  // Heartbeat keys expire 3 s after the last socket; everything else is deleted when players leave.
  await expect
    .poll(() => keysMatching(redis, gameKeyPattern(prefix)), { timeout: 8000, interval: 250 })
    .toEqual([]);
  await expect.poll(rssMb, { timeout: 10_000, interval: 500 }).toBeLessThan(start + 20);
  console.log(
    `soak: RSS ${start.toFixed(1)} MB at start, ${peak.toFixed(1)} MB at peak, ${rssMb().toFixed(1)} MB after`,
  );
}, 60_000);
