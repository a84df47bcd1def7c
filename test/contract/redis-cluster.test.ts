// A Redis Cluster of its own (3 masters, whatever REDIS_MODE says): sessions made the way the
// service makes them spread over every master, each user's keys stay in one slot (so the
// multi-key transactions work), and a uuid without its user's tag is refused before Redis
// answers CROSSSLOT. Game rooms spread too, each with its keys in its own slot.
import { randomBytes } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionCredentials } from '../../lib/features/auth/tokens.js';
import { ServiceUnavailableError } from '../../lib/platform/errors.js';
import { createRedisCluster, withRedis } from '../../lib/platform/redis/client.js';
import { RoomChannels } from '../../lib/stores/game/channels.js';
import { RedisGameStore } from '../../lib/stores/game/redis.js';
import { RedisSessionStore } from '../../lib/stores/session/redis.js';
import type { SessionRecord } from '../../lib/stores/session/store.js';
import { userTag } from '../../lib/stores/session/tag.js';
import { keysMatching } from '../support/redis.js';
import { type ClusterHandle, startRedisCluster } from '../support/services.js';
import { sessionRecord } from '../support/session-record.js';

let cluster: ClusterHandle;
let redis: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = createRedisCluster({
    nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
    password: undefined,
    tls: false,
  });
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await cluster?.dispose();
});

const DAY = 86_400_000;
const sessionFor = (openId: string, uuid: string) => sessionRecord(openId, uuid);

describe('sessions on a Redis Cluster', () => {
  it('spread over every master, with every user in one slot', async () => {
    const store = new RedisSessionStore(redis, 'spread:', true);
    const users = Array.from({ length: 10_000 }, (_, i) => `o-user-${i}`);
    const open = (openId: string) =>
      store.create(sessionFor(openId, newSessionCredentials(userTag('wxapp', openId)).uuid), {
        maxPerUser: 5,
      });
    for (let i = 0; i < users.length; i += 500) await Promise.all(users.slice(i, i + 500).map(open));
    const perMaster = await Promise.all(redis.nodes('master').map((node) => node.keys('spread:s:*')));
    const counts = perMaster.map((keys) => keys.length);
    expect(counts).toHaveLength(3);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const count of counts) expect(count).toBeGreaterThan(10_000 * 0.2);

    // A second session of one user: both sessions and the index live on the same master (the
    // create, cap and update transactions span them), and updating the user reaches both.
    const openId = users[7]!;
    await open(openId);
    await store.updateUser('wxapp', openId, { openId, nickName: '改名' });
    const pattern = `spread:*{${userTag('wxapp', openId)}}*`;
    const held = await Promise.all(redis.nodes('master').map((node) => node.keys(pattern)));
    expect(held.map((keys) => keys.length).sort()).toEqual([0, 0, 3]); // 2 sessions + the index
    const sessions = held.flat().filter((key) => key.startsWith('spread:s:'));
    for (const key of sessions) expect(await redis.hget(key, 'u')).toContain('改名');
  }, 60_000);

  it('refuses a uuid that does not carry its user tag', async () => {
    const store = new RedisSessionStore(redis, 'untagged:', true);
    const uuid = newSessionCredentials().uuid;
    const record = sessionFor(`o-${uuid}`, uuid);
    if (uuid.startsWith(userTag('wxapp', record.openId))) return; // a 1-in-4-billion coincidence
    await expect(store.create(record, { maxPerUser: 5 })).rejects.toThrow(/user tag/);
    expect(await keysMatching(redis, 'untagged:*')).toEqual([]);
  });

  it("maps the cluster's own CROSSSLOT answer to ERR_SERVICE_UNAVAILABLE", async () => {
    const eval2 = () => redis.eval('return 1', 2, 'cross:{a}', 'cross:{b}');
    const err = await withRedis(eval2).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(String(err?.cause)).toMatch(/CROSSSLOT/);
  });

  it('checks, slides and logs out a session on the cluster', async () => {
    const store = new RedisSessionStore(redis, 'life:', true);
    const r = sessionFor('o-life', newSessionCredentials(userTag('wxapp', 'o-life')).uuid);
    await store.create(r, { maxPerUser: 5 });
    expect((await store.touch(r.uuid, r.skeyHash, r.createdAt + DAY))?.lastSeenAt).toBe(r.createdAt + DAY);
    // A wrong skey hash reads the record (the service compares it) but does not slide it.
    expect((await store.touch(r.uuid, 'f'.repeat(64), r.createdAt + 2 * DAY))?.lastSeenAt).toBe(
      r.createdAt + DAY,
    );
    await store.delete(r.uuid);
    expect(await store.touch(r.uuid, r.skeyHash, r.createdAt + DAY)).toBeNull();
    expect(await keysMatching(redis, 'life:s:*')).toEqual([]);
  });

  it('a frozen master: its users hear 503 within 2 s, the others are served, and it comes back', async () => {
    const store = new RedisSessionStore(redis, 'freeze:', true);
    const masters = redis.nodes('master');
    const onMaster = new Map<number, SessionRecord>();
    for (let i = 0; onMaster.size < masters.length && i < 200; i++) {
      const openId = `o-freeze-${i}`;
      const r = sessionFor(openId, newSessionCredentials(userTag('wxapp', openId)).uuid);
      await store.create(r, { maxPerUser: 5 });
      for (const node of masters)
        if ((await node.keys(`freeze:s:*${r.uuid}`)).length) onMaster.set(node.options.port!, r);
    }
    expect(onMaster.size).toBe(3);
    const frozenPort = cluster.ports[0]!;
    const victim = onMaster.get(frozenPort)!;
    const bystander = onMaster.get(cluster.ports[1]!)!;

    cluster.masters[0]!.freeze();
    try {
      const started = Date.now();
      await expect(store.touch(victim.uuid, victim.skeyHash, Date.now())).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await store.touch(bystander.uuid, bystander.skeyHash, Date.now()))?.uuid).toBe(bystander.uuid);
    } finally {
      cluster.masters[0]!.thaw();
    }
    await expect
      .poll(() => store.touch(victim.uuid, victim.skeyHash, Date.now()).catch(() => null), {
        timeout: 5000,
        interval: 100,
      })
      .toMatchObject({ uuid: victim.uuid });
  }, 30_000);
});

describe('game rooms on a Redis Cluster', () => {
  it('spread over every master; a room plays and closes on its own slot', async () => {
    const game = new RedisGameStore(redis, 'rooms:');
    try {
      const player = (uid: string) => ({ uid, nickName: uid, avatarUrl: '' });
      const uids = Array.from({ length: 600 }, (_, i) => `u${i}`);
      const rooms = new Map<string, string[]>();
      for (const uid of uids) {
        const room = await game.join(player(uid), randomBytes(8).toString('hex'));
        rooms.set(room.id, [...(rooms.get(room.id) ?? []), uid]);
      }
      expect(rooms.size).toBe(300);
      const perMaster = await Promise.all(
        redis.nodes('master').map((node) => node.keys('rooms:game:{r:*}:room')),
      );
      const counts = perMaster.map((keys) => keys.length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
      for (const count of counts) expect(count).toBeGreaterThan(300 * 0.2);
      // The lobby (who is where) is one slot: one master holds all of it.
      const lobby = await Promise.all(redis.nodes('master').map((node) => node.keys('rooms:game:{lobby}:*')));
      expect(lobby.map((keys) => keys.length).sort((a, b) => a - b)).toEqual([0, 0, 600]);

      // A whole round on one room, then a leave that releases the other player.
      const [roomId, [a, b]] = [...rooms.entries()][0] as [string, [string, string]];
      await game.heartbeat([a, b], 60_000);
      expect(await game.startRound(roomId, Date.now(), 60_000)).toMatchObject({ state: 'playing', round: 1 });
      expect(await game.choose(roomId, 1, a, 1, Date.now())).toBe(true);
      expect(await game.settle(roomId, 1, 2)).toMatchObject({ results: expect.any(Array) });
      expect(await game.leave(a)).toMatchObject({ state: 'closed', players: [player(b)] });
      expect(await keysMatching(redis, `rooms:game:{r:${roomId}}:*`)).toEqual([]);
      expect(await keysMatching(redis, `rooms:game:{lobby}:player:${b}`)).toEqual([]);
      expect((await game.join(player(b), randomBytes(8).toString('hex'))).id).not.toBe(roomId);
    } finally {
      await game.close();
    }
  }, 60_000);

  it('50 first subscriptions at once each hear their room, and they move when their node stops', async () => {
    const channels = new RoomChannels(redis);
    try {
      const heard = new Map<string, number>();
      const names = Array.from({ length: 50 }, (_, i) => `room-${i}`);
      await Promise.all(
        names.map((name) => channels.subscribe(name, () => heard.set(name, (heard.get(name) ?? 0) + 1))),
      );
      await Promise.all(
        names.map((name) => channels.publish(name, { type: 'hi', message: name, nearby: 0 })),
      );
      await expect.poll(() => heard.size, { timeout: 2000 }).toBe(50);

      // Stop the node the subscriber is on: the channels come back on another node.
      const clients = await Promise.all(
        redis.nodes('master').map(async (node) => ({
          port: node.options.port!,
          subscribers: (await node.client('LIST')) as string,
        })),
      );
      const index = clients.findIndex((c) => / sub=[1-9]/.test(c.subscribers));
      expect(index).toBeGreaterThanOrEqual(0);
      const master = cluster.masters[cluster.ports.indexOf(clients[index]!.port)]!;
      await master.stop();
      try {
        await expect
          .poll(
            async () => {
              await channels
                .publish('room-7', { type: 'hi', message: 'again', nearby: 0 })
                .catch(() => undefined);
              return heard.get('room-7');
            },
            { timeout: 10_000, interval: 250 },
          )
          .toBeGreaterThan(1);
      } finally {
        await master.start();
      }
    } finally {
      channels.close();
    }
  }, 30_000);
});
