// One GameStore contract, run against Redis (Lua transitions, pub/sub) and the embedded store. It
// also keeps the Lua scoring and rules.ts in step.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Player, ServerFrame } from '../../contract/game.js';
import { SettableClock } from '../../lib/platform/clock.js';
import { RoomChannels } from '../../lib/stores/game/channels.js';
import { MemoryGameStore } from '../../lib/stores/game/memory.js';
import { RedisGameStore } from '../../lib/stores/game/redis.js';
import { type GameStore, ROBOT_UID } from '../../lib/stores/game/store.js';
import { keysMatching, testRedis } from '../support/redis.js';

const redis = testRedis();
const stores: GameStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  redis.disconnect();
});

/** What a Redis store still holds under its prefix (nothing to hold for the embedded one). */
const leftovers = new WeakMap<GameStore, () => Promise<string[]>>();
const make = {
  redis: () => {
    const prefix = `g${randomBytes(4).toString('hex')}:`;
    const store = new RedisGameStore(redis, prefix);
    leftovers.set(store, () => keysMatching(redis, `${prefix}game:{*`));
    return store;
  },
  embedded: () => new MemoryGameStore(new SettableClock()),
};
const player = (uid: string): Player => ({ uid, nickName: uid, avatarUrl: '' });
const robot: Player = { uid: ROBOT_UID, nickName: '机器人', avatarUrl: '', robot: true };
const id = () => randomBytes(6).toString('hex');

describe.each(Object.entries(make))('GameStore (%s)', (_name, create) => {
  const fresh = () => {
    const store = create();
    stores.push(store);
    return store;
  };

  it('matches two players into one room, and keeps a player in the room they are in', async () => {
    const store = fresh();
    const first = await store.join(player('a'), id());
    expect(first).toMatchObject({ state: 'waiting', players: [player('a')] });
    expect(await store.waitingCount()).toBe(1);
    const second = await store.join(player('b'), id());
    expect(second).toMatchObject({ id: first.id, state: 'full', players: [player('a'), player('b')] });
    expect((await store.join(player('a'), id())).id).toBe(first.id);
    expect(await store.waitingCount()).toBe(0);
  });

  it('20 joins at once make 10 full rooms, nobody in two', async () => {
    const store = fresh();
    const rooms = await Promise.all(Array.from({ length: 20 }, (_, i) => store.join(player(`p${i}`), id())));
    const byRoom = new Map<string, Set<string>>();
    for (const [i, r] of rooms.entries()) {
      if (!byRoom.has(r.id)) byRoom.set(r.id, new Set());
      byRoom.get(r.id)!.add(`p${i}`);
    }
    expect(byRoom.size).toBe(10);
    for (const members of byRoom.values()) expect(members.size).toBe(2);
  });

  it('joins, leaves and robots at once: everyone ends in exactly one room that holds them', async () => {
    const store = fresh();
    const uids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    // Three rounds of churn: everyone joins at once; a third leave, a third of the rooms get a
    // robot, and the leavers join again, all at once.
    for (let round = 0; round < 3; round++) {
      const joined = await Promise.all(uids.map((uid) => store.join(player(uid), id())));
      await Promise.all(
        uids.map((uid, i) => {
          if (i % 3 === 0) return store.leave(uid).then(() => store.join(player(uid), id()));
          if (i % 3 === 1) return store.fillWithRobot(joined[i]!.id, robot);
          return store.join(player(uid), id());
        }),
      );
    }
    const rooms = await Promise.all(uids.map((uid) => store.join(player(uid), id())));
    const members = new Map<string, Set<string>>();
    for (const [i, room] of rooms.entries()) {
      expect(room.players.map((p) => p.uid)).toContain(uids[i]);
      expect(room.state).toBe(room.players.length === 2 ? 'full' : 'waiting');
      for (const p of room.players) {
        if (p.robot) continue;
        const seen = members.get(p.uid) ?? new Set<string>();
        members.set(p.uid, seen.add(room.id));
      }
    }
    // Nobody is in two rooms, and the waiting list is exactly the rooms that wait.
    for (const seen of members.values()) expect(seen.size).toBe(1);
    const waiting = new Set(rooms.filter((r) => r.state === 'waiting').map((r) => r.id));
    expect(await store.waitingCount()).toBe(waiting.size);
    await Promise.all(uids.map((uid) => store.leave(uid)));
    expect(await store.waitingCount()).toBe(0);
    // Nothing of a room or the lobby outlives them (only heartbeats, which expire).
    expect((await leftovers.get(store)?.()) ?? []).toEqual([]);
  });

  it('seats a robot only while a room still waits', async () => {
    const store = fresh();
    const waiting = await store.join(player('lonely'), id());
    expect(await store.fillWithRobot(waiting.id, robot)).toMatchObject({
      state: 'full',
      players: [player('lonely'), robot],
    });
    expect(await store.fillWithRobot(waiting.id, robot)).toBeNull();
    expect(await store.waitingCount()).toBe(0);
  });

  it('opens each round once, takes choices until the deadline, and settles once with streaks', async () => {
    const store = fresh();
    const room = await store.join(player('x'), id());
    await store.join(player('y'), id());
    await store.heartbeat(['x', 'y'], 60_000);
    const now = Date.now();
    const plays: Array<[1 | 2 | 3, 1 | 2 | 3]> = [
      [1, 2],
      [1, 2],
      [2, 1],
    ];
    const totals: Array<Record<string, [number, number, number]>> = [];
    for (const [round, [x, y]] of plays.entries()) {
      const opened = await Promise.all([
        store.startRound(room.id, now, 60_000),
        store.startRound(room.id, now, 60_000),
      ]);
      expect(opened.filter(Boolean)).toHaveLength(1);
      expect(await store.choose(room.id, round + 1, 'x', x, now)).toBe(true);
      expect(await store.choose(room.id, round + 1, 'y', y, now)).toBe(true);
      expect(await store.choose(room.id, round + 1, 'stranger', 1, now)).toBe(false);
      expect(await store.choose(room.id, round + 1, 'x', 3, now + 60_001)).toBe(false);
      const settled = await Promise.all([
        store.settle(room.id, round + 1, 1),
        store.settle(room.id, round + 1, 1),
      ]);
      const done = settled.filter(Boolean);
      expect(done).toHaveLength(1);
      const results = (
        done[0] as {
          results: Array<{ uid: string; roundScore: number; totalScore: number; winStreak: number }>;
        }
      ).results;
      totals.push(Object.fromEntries(results.map((r) => [r.uid, [r.roundScore, r.totalScore, r.winStreak]])));
    }
    // x: rock beats scissors twice (1 x1, then 1 x2), then scissors loses to rock.
    expect(totals).toEqual([
      { x: [1, 1, 1], y: [-1, -1, 0] },
      { x: [2, 3, 2], y: [-1, -2, 0] },
      { x: [-1, 2, 0], y: [1, -1, 1] },
    ]);
  });

  it('a choice beats no choice; a robot plays the choice it is given', async () => {
    const store = fresh();
    const room = await store.join(player('solo'), id());
    await store.fillWithRobot(room.id, robot);
    await store.heartbeat(['solo'], 60_000);
    await store.startRound(room.id, Date.now(), 60_000);
    const settled = (await store.settle(room.id, 1, 3)) as {
      results: Array<{ uid: string; choice: number | null; roundScore: number }>;
    };
    expect(settled.results).toEqual([
      expect.objectContaining({ uid: 'solo', choice: null, roundScore: -1 }),
      expect.objectContaining({ uid: ROBOT_UID, choice: 3, roundScore: 1 }),
    ]);
  });

  it('closes the room at settlement when a player no longer heartbeats', async () => {
    const store = fresh();
    const room = await store.join(player('alive'), id());
    await store.join(player('gone'), id());
    await store.heartbeat(['alive'], 60_000);
    await store.startRound(room.id, Date.now(), 60_000);
    expect(await store.settle(room.id, 1, 1)).toMatchObject({
      closed: [player('alive')],
      room: { state: 'closed' },
    });
    expect((await store.join(player('alive'), id())).id).not.toBe(room.id);
  });

  it('leaving closes the room, and the other player can join a new one', async () => {
    const store = fresh();
    const room = await store.join(player('stay'), id());
    await store.join(player('quit'), id());
    expect(await store.leave('quit')).toMatchObject({
      id: room.id,
      state: 'closed',
      players: [player('stay')],
    });
    expect(await store.leave('quit')).toBeNull();
    const next = await store.join(player('stay'), id());
    expect(next.id).not.toBe(room.id);
    expect(next.state).toBe('waiting');
    expect(await store.leave('stay')).toMatchObject({ players: [] });
    expect(await store.waitingCount()).toBe(0);
  });

  it("carries a room's events to its subscribers only", async () => {
    const store = fresh();
    const seen: ServerFrame[] = [];
    const other: ServerFrame[] = [];
    const stop = await store.subscribe('room-1', (f) => seen.push(f));
    await store.subscribe('room-2', (f) => other.push(f));
    await store.publish('room-1', { type: 'movement', uid: 'a', face: '😀' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([{ type: 'movement', uid: 'a', face: '😀' }]);
    expect(other).toEqual([]);
    await stop();
    await store.publish('room-1', { type: 'movement', uid: 'a' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
  });
});

it('a message on a room channel that is not a frame is dropped; frames after it still arrive', async () => {
  const redis = testRedis();
  const channels = new RoomChannels(redis);
  try {
    const seen: ServerFrame[] = [];
    await channels.subscribe('hostile:room', (f) => seen.push(f));
    await redis.publish('hostile:room', 'not json {');
    await redis.publish('hostile:room', '[1,2]');
    await channels.publish('hostile:room', { type: 'movement', uid: 'a', choice: true });
    await expect.poll(() => seen).toEqual([{ type: 'movement', uid: 'a', choice: true }]);
  } finally {
    channels.close();
    redis.disconnect();
  }
});
