// The Redis GameStore. Every transition is a Lua script over keys of one slot (keys.ts): the lobby
// scripts (lobby.lua.ts) keep the waiting list and who is where, the room scripts keep each room,
// so on a Redis Cluster rooms spread over the masters. Joining and leaving touch both, in steps
// that stay correct when they interleave: a room refuses a seat that is no longer free, and the
// claim is then given back and the next room tried. Each room's events travel on its own channel.
import { ServiceUnavailableError } from '../../platform/errors.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import { RoomChannels } from './channels.js';
import { chooseScript } from './choose.lua.js';
import { GameKeys, waitingEntry } from './keys.js';
import { claimScript, releaseScript, unlistScript } from './lobby.lua.js';
import { closeScript, openScript, peekScript, seatScript } from './seat.lua.js';
import { settleScript } from './settle.lua.js';
import { startScript } from './start.lua.js';
import type { Choice, GameStore, Player, Room, ServerFrame, Settlement } from './store.js';

/** Waiting rooms a join tries before it lists its own instead. */
const CLAIMS = 8;

export class RedisGameStore implements GameStore {
  private readonly keys: GameKeys;
  private readonly channels: RoomChannels;

  constructor(
    private readonly redis: RedisClient,
    keyPrefix: string,
  ) {
    this.keys = new GameKeys(keyPrefix);
    this.channels = new RoomChannels(redis);
  }

  join(player: Player, newRoomId: string): Promise<Room> {
    return withRedis(() => this.match(player, newRoomId));
  }

  private async match(player: Player, newRoomId: string): Promise<Room> {
    const lobby = this.keys.lobby(player.uid);
    const json = JSON.stringify(player);
    // The player's own room is opened first, unlisted, so it is whole by the time anyone can take
    // it from the waiting list; it is dropped if they are seated elsewhere.
    const own = await openScript.run(this.redis, this.keys.room(newRoomId), { id: newRoomId, player: json });
    if (!own) throw new Error('a new room id is already taken');
    let listed = false;
    try {
      for (let attempt = 0; attempt <= CLAIMS; attempt++) {
        const claim = await claimScript.run(this.redis, lobby, {
          uid: player.uid,
          roomId: newRoomId,
          pop: attempt < CLAIMS ? 1 : 0,
        });
        if (claim.kind === 'listed') {
          listed = true;
          return own;
        }
        const room =
          claim.kind === 'seat'
            ? await seatScript.run(this.redis, this.keys.room(claim.roomId), { player: json })
            : await this.load(claim.roomId);
        if (room && room.state !== 'closed' && room.players.some((p) => p.uid === player.uid)) return room;
        // The room was gone, full or closed: give the claim back and look again.
        await releaseScript.run(this.redis, { player: lobby.player }, { roomId: claim.roomId });
      }
      throw new ServiceUnavailableError('Redis', new Error('matchmaking did not settle'));
    } finally {
      if (!listed) await this.redis.del(this.keys.room(newRoomId).room).catch(() => undefined);
    }
  }

  private load(roomId: string): Promise<Room | null> {
    return peekScript.run(this.redis, this.keys.room(roomId), {});
  }

  /** Forgets that these players are in the room (a closed room lets them join another). */
  private async release(roomId: string, players: readonly Player[]): Promise<void> {
    const people = players.filter((p) => !p.robot);
    await Promise.all(
      people.map((p) => releaseScript.run(this.redis, { player: this.keys.lobby(p.uid).player }, { roomId })),
    );
  }

  fillWithRobot(roomId: string, robot: Player): Promise<Room | null> {
    return withRedis(async () => {
      const room = await seatScript.run(this.redis, this.keys.room(roomId), {
        player: JSON.stringify(robot),
      });
      if (room) {
        const { waiting } = this.keys.lobby(robot.uid);
        await this.redis.lrem(waiting, 0, waitingEntry(roomId, room.players[0]!.uid));
      }
      return room;
    });
  }

  leave(uid: string): Promise<Room | null> {
    return withRedis(async () => {
      const roomId = await unlistScript.run(this.redis, this.keys.lobby(uid), { uid });
      if (!roomId) return null;
      const room = await closeScript.run(this.redis, this.keys.room(roomId), { uid });
      if (room) await this.release(roomId, room.players);
      return room;
    });
  }

  startRound(roomId: string, now: number, gameTime: number): Promise<Room | null> {
    return withRedis(() => startScript.run(this.redis, this.keys.room(roomId), { now, gameTime }));
  }

  choose(roomId: string, round: number, uid: string, choice: Choice, now: number): Promise<boolean> {
    return withRedis(() =>
      chooseScript.run(this.redis, this.keys.room(roomId), { round, uid, pick: choice, now }),
    );
  }

  settle(roomId: string, round: number, robotChoice: Choice): Promise<Settlement | null> {
    return withRedis(async () => {
      const before = await this.load(roomId);
      if (before?.state !== 'playing' || before.round !== round) return null;
      // Heartbeats live in each player's own key (their own slot), so they are read here.
      const people = before.players.filter((p) => !p.robot);
      const alive = await Promise.all(people.map((p) => this.redis.exists(this.keys.alive(p.uid))));
      const dead = people.filter((_, i) => alive[i] === 0).map((p) => p.uid);
      const settled = await settleScript.run(this.redis, this.keys.room(roomId), {
        round,
        robotChoice,
        dead: JSON.stringify(dead),
      });
      if (settled && 'closed' in settled) await this.release(roomId, before.players);
      return settled;
    });
  }

  async heartbeat(uids: readonly string[], ttlMs: number): Promise<void> {
    if (uids.length === 0) return;
    // One key per player, each in its own slot on a cluster: separate commands, sent together.
    await withRedis(() =>
      Promise.all(uids.map((uid) => this.redis.set(this.keys.alive(uid), '1', 'PX', ttlMs))),
    );
  }

  waitingCount(): Promise<number> {
    return withRedis(() => this.redis.llen(this.keys.lobby('').waiting));
  }

  publish(roomId: string, frame: ServerFrame): Promise<void> {
    return this.channels.publish(this.keys.roomChannel(roomId), frame);
  }

  subscribe(roomId: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>> {
    return this.channels.subscribe(this.keys.roomChannel(roomId), listener);
  }

  endSession(sessionUuid: string, frame: ServerFrame): Promise<void> {
    return this.channels.publish(this.keys.sessionChannel(sessionUuid), frame);
  }

  subscribeSession(
    sessionUuid: string,
    listener: (frame: ServerFrame) => void,
  ): Promise<() => Promise<void>> {
    return this.channels.subscribe(this.keys.sessionChannel(sessionUuid), listener);
  }

  async close(): Promise<void> {
    this.channels.close();
  }
}
