// The Redis GameStore: each transition is one Lua script (lua/), so matchmaking, rounds and
// settlement are atomic across instances, and each room's events travel on its own channel. Keys
// are built inside the scripts from one prefix; on a Redis Cluster that prefix ends in the hash
// tag {game}, so every script's keys share one slot (declared through KEYS[] as `lobby`).
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import { RoomChannels } from './channels.js';
import { chooseScript } from './choose.lua.js';
import { joinScript } from './join.lua.js';
import { leaveScript } from './leave.lua.js';
import { robotScript } from './robot.lua.js';
import { settleScript } from './settle.lua.js';
import { startScript } from './start.lua.js';
import type { Choice, GameStore, Player, Room, ServerFrame, Settlement } from './store.js';

export class RedisGameStore implements GameStore {
  private readonly p: string;
  private readonly channels: RoomChannels;
  private readonly lobby: { lobby: string };

  constructor(
    private readonly redis: RedisClient,
    keyPrefix: string,
    cluster = false,
  ) {
    // On a Redis Cluster the game's keys share one slot ({game}): matchmaking reads the waiting
    // list and rooms in one script. Sessions, the bulk of the data, are what spreads.
    this.p = cluster ? `${keyPrefix}{game}:` : `${keyPrefix}game:`;
    this.lobby = { lobby: `${this.p}waiting` };
    this.channels = new RoomChannels(redis);
  }

  join(player: Player, newRoomId: string): Promise<Room> {
    const args = { p: this.p, player: JSON.stringify(player), uid: player.uid, newRoomId };
    return withRedis(() => joinScript.run(this.redis, this.lobby, args));
  }

  fillWithRobot(roomId: string, robot: Player): Promise<Room | null> {
    return withRedis(() =>
      robotScript.run(this.redis, this.lobby, { p: this.p, roomId, robot: JSON.stringify(robot) }),
    );
  }

  leave(uid: string): Promise<Room | null> {
    return withRedis(() => leaveScript.run(this.redis, this.lobby, { p: this.p, uid }));
  }

  startRound(roomId: string, now: number, gameTime: number): Promise<Room | null> {
    return withRedis(() => startScript.run(this.redis, this.lobby, { p: this.p, roomId, now, gameTime }));
  }

  choose(roomId: string, round: number, uid: string, choice: Choice, now: number): Promise<boolean> {
    return withRedis(() =>
      chooseScript.run(this.redis, this.lobby, { p: this.p, roomId, round, uid, choice, now }),
    );
  }

  settle(roomId: string, round: number, robotChoice: Choice): Promise<Settlement | null> {
    return withRedis(() =>
      settleScript.run(this.redis, this.lobby, { p: this.p, roomId, round, robotChoice }),
    );
  }

  async heartbeat(uids: readonly string[], ttlMs: number): Promise<void> {
    if (uids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const uid of uids) pipeline.set(`${this.p}alive:${uid}`, '1', 'PX', ttlMs);
    await withRedis(() => pipeline.exec());
  }

  waitingCount(): Promise<number> {
    return withRedis(() => this.redis.llen(`${this.p}waiting`));
  }

  publish(roomId: string, frame: ServerFrame): Promise<void> {
    return this.channels.publish(`${this.p}room:${roomId}`, frame);
  }

  subscribe(roomId: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>> {
    return this.channels.subscribe(`${this.p}room:${roomId}`, listener);
  }

  endSession(sessionUuid: string, frame: ServerFrame): Promise<void> {
    return this.channels.publish(`${this.p}session:${sessionUuid}`, frame);
  }

  subscribeSession(
    sessionUuid: string,
    listener: (frame: ServerFrame) => void,
  ): Promise<() => Promise<void>> {
    return this.channels.subscribe(`${this.p}session:${sessionUuid}`, listener);
  }

  async close(): Promise<void> {
    this.channels.close();
  }
}
