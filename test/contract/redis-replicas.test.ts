// Session checks from replicas (REDIS_READ_FROM=replica), on a Redis Cluster of its own with one
// replica per master: checks are answered by replicas, and a login, a profile change and a logout
// are each seen by the very next check (they wait for the replicas). A frozen replica costs its
// checks one command timeout (they go to the master) and makes the writes that wait for it answer
// 503 within 2 s, never a stale answer.
import { type Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../lib/platform/errors.js';
import { createRedisCluster } from '../../lib/platform/redis/client.js';
import { RedisSessionStore } from '../../lib/stores/session/redis.js';
import type { SessionRecord } from '../../lib/stores/session/store.js';
import { type ClusterHandle, startRedisCluster } from '../support/services.js';
import { sessionRecord } from '../support/session-record.js';

let cluster: ClusterHandle;
let redis: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ replicas: 1 });
  redis = createRedisCluster({
    nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
    password: undefined,
    tls: false,
    replicaReads: true,
  });
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await cluster?.dispose();
});

const sessionFor = (openId: string) => sessionRecord(openId, undefined, '副本');

/** Waits until the client routes every slot with its replica in view (CLUSTER SLOTS lists a
 * replica only once it has replicated something and is not failed). */
async function untilReplicasInView(): Promise<void> {
  await expect
    .poll(
      async () => {
        await new Promise<void>((resolve) => redis.refreshSlotsCache(() => resolve()));
        return redis.slots.every((nodes) => nodes.length > 1);
      },
      { timeout: 15_000, interval: 200 },
    )
    .toBe(true);
}

/** The replica serving `masterPort`'s slots. */
async function replicaOf(masterPort: number): Promise<number> {
  for (const port of cluster.replicaPorts) {
    const node = new Redis(port, { lazyConnect: true });
    try {
      if ((await node.info('replication')).includes(`master_port:${masterPort}\r`)) return port;
    } finally {
      node.disconnect();
    }
  }
  throw new Error(`no replica of ${masterPort}`);
}

/** HMGET calls served so far by the nodes on these ports (INFO commandstats). */
async function hmgets(ports: number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const node = new Redis(port, { lazyConnect: true });
    try {
      const stats = await node.info('commandstats');
      total += Number(/cmdstat_hmget:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    } finally {
      node.disconnect();
    }
  }
  return total;
}

it('checks are read from replicas; a login, a profile change and a logout are seen by the next check', async () => {
  const store = new RedisSessionStore(redis, 'replica:', true, true);
  await untilReplicasInView();
  const masters = await hmgets(cluster.ports);
  const replicas = await hmgets(cluster.replicaPorts);
  const users = 150;
  for (let i = 0; i < users; i++) {
    const r = sessionFor(`o-replica-${i}`);
    await store.create(r, { maxPerUser: 5 });
    expect(await store.touch(r.uuid, r.skeyHash, Date.now())).toMatchObject({ uuid: r.uuid });
    await store.updateUser('wxapp', r.openId, { openId: r.openId, nickName: `改${i}` });
    expect((await store.touch(r.uuid, r.skeyHash, Date.now()))?.user).toMatchObject({ nickName: `改${i}` });
    await store.delete(r.uuid);
    expect(await store.touch(r.uuid, r.skeyHash, Date.now())).toBeNull();
  }
  // Three checks per user on the replicas; the masters saw logout's own read of the session and
  // next to none of the 450 checks. (On a loaded machine a check may be resent and count twice, or
  // fall back to the master, or find a replica briefly out of view: a tenth is allowed for that.)
  const checks = 3 * users;
  expect((await hmgets(cluster.replicaPorts)) - replicas).toBeGreaterThanOrEqual(checks * 0.9);
  const onMasters = (await hmgets(cluster.ports)) - masters;
  expect(onMasters).toBeGreaterThanOrEqual(users);
  expect(onMasters).toBeLessThanOrEqual(users + checks * 0.1);
}, 60_000);

it('a frozen replica: checks fall back to the master, the writes that wait for it answer 503 in 2 s, and it comes back', async () => {
  const store = new RedisSessionStore(redis, 'frozen-replica:', true, true);
  await untilReplicasInView();
  // A user on the first master's slots, whose replica is frozen.
  const slotsOf = (port: number) =>
    redis.slots.flatMap((nodes, slot) => (nodes[0] === `127.0.0.1:${port}` ? [slot] : []));
  const firstSlots = new Set(slotsOf(cluster.ports[0]!));
  const replica = cluster.replicas[cluster.replicaPorts.indexOf(await replicaOf(cluster.ports[0]!))]!;
  let r: SessionRecord | undefined;
  for (let i = 0; !r && i < 200; i++) {
    const candidate = sessionFor(`o-frozen-${i}`);
    const slot = Number(await redis.cluster('KEYSLOT', `x{${candidate.uuid.slice(0, 8)}}`));
    if (firstSlots.has(slot)) r = candidate;
  }
  expect(r).toBeDefined();
  const session = r!;
  await store.create(session, { maxPerUser: 5 });

  replica.freeze();
  try {
    let started = Date.now();
    expect(await store.touch(session.uuid, session.skeyHash, Date.now())).toMatchObject({
      uuid: session.uuid,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    started = Date.now();
    await expect(store.delete(session.uuid)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
  } finally {
    replica.thaw();
  }
  // Back: the logout (already applied on the master) is confirmed, and nobody reads it back.
  await expect.poll(() => store.delete(session.uuid).then(() => 'done'), { timeout: 5000 }).toBe('done');
  expect(await store.touch(session.uuid, session.skeyHash, Date.now())).toBeNull();
}, 60_000);

it('a replica cut off from its master still serves reads: a logout that answered 503 is never undone by a check', async () => {
  const store = new RedisSessionStore(redis, 'cut-replica:', true, true);
  await untilReplicasInView();
  const slotsOf = (port: number) =>
    redis.slots.flatMap((nodes, slot) => (nodes[0] === `127.0.0.1:${port}` ? [slot] : []));
  const firstSlots = new Set(slotsOf(cluster.ports[0]!));
  let r: SessionRecord | undefined;
  for (let i = 0; !r && i < 200; i++) {
    const candidate = sessionFor(`o-cut-${i}`);
    const slot = Number(await redis.cluster('KEYSLOT', `x{${candidate.uuid.slice(0, 8)}}`));
    if (firstSlots.has(slot)) r = candidate;
  }
  const session = r!;
  await store.create(session, { maxPerUser: 5 });
  expect(await store.touch(session.uuid, session.skeyHash, Date.now())).toMatchObject({ uuid: session.uuid });

  // Cut the replica's link: it cannot authenticate to its master any more, and serves what it has.
  const replica = new Redis(await replicaOf(cluster.ports[0]!), { lazyConnect: true });
  try {
    await replica.config('SET', 'masterauth', 'not-the-password');
    await replica.client('KILL', 'TYPE', 'master');
    await expect
      .poll(async () => (await replica.info('replication')).includes('master_link_status:down'), {
        timeout: 10_000,
      })
      .toBe(true);
    await expect(store.delete(session.uuid)).rejects.toBeInstanceOf(ServiceUnavailableError);
    // The replica still holds the session; no check may accept it again.
    expect(await replica.call('READONLY')).toBe('OK');
    expect(await replica.exists(`cut-replica:s:{${session.uuid.slice(0, 8)}}:${session.uuid}`)).toBe(1);
    for (let i = 0; i < 5; i++) {
      expect(await store.touch(session.uuid, session.skeyHash, Date.now())).toBeNull();
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await replica.config('SET', 'masterauth', '');
    await replica.client('KILL', 'TYPE', 'master').catch(() => undefined);
    replica.disconnect();
  }
  await expect
    .poll(
      () =>
        store
          .delete(session.uuid)
          .then(() => 'done')
          .catch(() => 'not yet'),
      { timeout: 15_000 },
    )
    .toBe('done');
  expect(await store.touch(session.uuid, session.skeyHash, Date.now())).toBeNull();
}, 60_000);
