// The composition root owns every connection: after app.close() a private Redis lists no client
// but the one asking, and MongoDB has no connection of ours, whatever the app had opened (the
// session store, the rate limiters, the token store, the game's subscriber).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createApp } from '../../lib/app/app.js';
import { loadConfig } from '../../lib/platform/config/index.js';
import { type ServiceHandle, startRedis } from '../support/services.js';

let redis: ServiceHandle;
let probe: Redis;

beforeAll(async () => {
  redis = await startRedis();
  probe = new Redis(redis.url);
});
afterAll(async () => {
  probe?.disconnect();
  await redis?.dispose();
});

const clients = async () =>
  String(await probe.call('CLIENT', 'LIST'))
    .trim()
    .split('\n');

it('closes every Redis connection it opened, the game subscriber included', async () => {
  expect(await clients()).toHaveLength(1);
  const app = createApp(loadConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'close:' }));
  const unsubscribe = await app.game.store().subscribe('room-1', () => undefined);
  await app.comments.commentLimiter.consume('someone');
  await expect(
    app.authenticate({ headers: {}, query: {}, body: undefined, sourceIp: '10.0.0.1' }),
  ).rejects.toThrow();
  await app.sessions.close('00000000-0000-4000-8000-000000000000');
  expect((await clients()).length).toBeGreaterThanOrEqual(3);

  await app.close();
  await expect.poll(clients, { timeout: 2000 }).toHaveLength(1);
  await unsubscribe();
});

/** Established TCP connections of this process to `port` (Linux /proc): FerretDB reports none itself. */
function ownConnectionsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // the fd closed while we looked
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[2]?.endsWith(`:${hexPort}`) && f[3] === '01' && inodes.has(f[9] ?? '')).length;
}

it('closes its MongoDB connections', async () => {
  const url = inject('mongoUrl');
  const port = Number(new URL(url).port);
  const before = ownConnectionsTo(port);
  const app = createApp(loadConfig({ MONGO_URL: url, MONGO_DB: `close_${randomBytes(3).toString('hex')}` }));
  expect(await app.videos.list({ limit: 1 })).toEqual([]);
  expect(ownConnectionsTo(port)).toBeGreaterThan(before);
  await app.close();
  await expect.poll(() => ownConnectionsTo(port), { timeout: 2000 }).toBe(before);
});
