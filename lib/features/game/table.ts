// One player's place at the tables: joining a room (or waiting for the robot), the rounds, their
// settlement and leaving. Every instance holding a player of a room listens to the room's channel
// and arms the round's timers; the store lets only the first through, so the game goes on even
// when another instance dies.
import { randomBytes } from 'node:crypto';
import { describeError, log } from '../../platform/log.js';
import {
  type Choice,
  type GameStore,
  type Player,
  ROBOT_UID,
  type ServerFrame,
} from '../../stores/game/store.js';
import { GAME_LIMITS } from './limits.js';
import type { GameOptions } from './server.js';

const ROBOT: Player = { uid: ROBOT_UID, nickName: '机器人', avatarUrl: '', robot: true };

export class Table {
  private roomId: string | undefined;
  private round = 0;
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastFaceAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly player: Player,
    private readonly options: GameOptions,
    private readonly send: (frame: ServerFrame) => void,
  ) {}

  private get store(): GameStore {
    return this.options.store();
  }

  private later(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((err) => log('warn', 'game timer failed', describeError(err)));
    }, ms);
    this.timers.add(timer);
  }

  /** Records a choice in this player's open round; false when there is none. */
  async choose(value: Choice): Promise<boolean> {
    const roomId = this.roomId;
    if (!roomId) return false;
    const ok = await this.store.choose(roomId, this.round, this.player.uid, value, this.options.clock.now());
    if (ok) await this.store.publish(roomId, { type: 'movement', uid: this.player.uid, choice: true });
    return ok;
  }

  /** Relays a face to the room, at most one per GAME_LIMITS.faceIntervalMs (others are dropped);
   * false when not in a room. */
  async face(value: string): Promise<boolean> {
    if (!this.roomId) return false;
    const now = performance.now();
    if (now - this.lastFaceAt < GAME_LIMITS.faceIntervalMs) return true;
    this.lastFaceAt = now;
    await this.store.publish(this.roomId, { type: 'movement', uid: this.player.uid, face: value });
    return true;
  }

  async join(): Promise<void> {
    await this.options.joinLimiter.consume(this.player.uid);
    const newRoomId = () => randomBytes(8).toString('hex');
    let room = await this.store.join(this.player, newRoomId());
    for (let attempt = 0; room.id !== this.roomId && attempt < 3; attempt++) {
      await this.unsubscribe?.();
      const id = room.id;
      this.roomId = id;
      this.unsubscribe = await this.store.subscribe(id, (f) => this.onRoomEvent(id, f));
      // Whatever was published before we listened is missed, so look at the room again now.
      room = await this.store.join(this.player, newRoomId());
    }
    await this.store.publish(room.id, {
      type: 'room',
      roomId: room.id,
      users: room.players,
      full: room.state !== 'waiting',
    });
    if (room.state === 'waiting') {
      const id = room.id;
      this.later(this.options.timing().robotWaitMs, async () => {
        const filled = await this.store.fillWithRobot(id, ROBOT);
        if (!filled) return;
        await this.store.publish(id, { type: 'room', roomId: id, users: filled.players, full: true });
        await this.begin(id);
      });
    } else if (room.state === 'full') {
      await this.begin(room.id);
    } else if (room.state === 'playing') {
      // The round began before we listened: catch up on it.
      this.round = room.round;
      this.send({
        type: 'start',
        roomId: room.id,
        round: room.round,
        gameTime: Math.max(0, room.deadline - this.options.clock.now()),
        users: room.players,
      });
      const id = room.id;
      const round = room.round;
      this.later(Math.max(0, room.deadline - this.options.clock.now()) + 50, () => this.settle(id, round));
    }
  }

  private async begin(roomId: string): Promise<void> {
    const { gameTimeMs } = this.options.timing();
    const opened = await this.store.startRound(roomId, this.options.clock.now(), gameTimeMs);
    if (opened) {
      await this.store.publish(roomId, {
        type: 'start',
        roomId,
        round: opened.round,
        gameTime: gameTimeMs,
        users: opened.players,
      });
    }
  }

  private onRoomEvent(roomId: string, frame: ServerFrame): void {
    if (roomId !== this.roomId) return;
    this.send(frame);
    if (frame.type === 'result') {
      // Every instance with a player here schedules the next round (only one start succeeds), so
      // the game goes on even if the instance that settled dies during the pause.
      this.later(this.options.timing().pauseMs, () => this.begin(roomId));
    }
    if (frame.type === 'start') {
      this.round = frame.round;
      // Every instance with a player here arms the settle; the store lets only the first through.
      this.later(frame.gameTime + 50, () => this.settle(roomId, frame.round));
    }
  }

  private async settle(roomId: string, round: number): Promise<void> {
    const settled = await this.store.settle(roomId, round, (1 + Math.floor(Math.random() * 3)) as Choice);
    if (!settled) return;
    if ('closed' in settled) {
      await this.store.publish(roomId, { type: 'room', roomId, users: settled.closed, full: false });
      return;
    }
    await this.store.publish(roomId, { type: 'result', roomId, round, results: settled.results });
  }

  async leave(): Promise<void> {
    const room = await this.store.leave(this.player.uid);
    if (room)
      await this.store.publish(room.id, { type: 'room', roomId: room.id, users: room.players, full: false });
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.roomId) this.send({ type: 'room', roomId: this.roomId, users: [], full: false });
    this.roomId = undefined;
  }

  /** The socket closed: timers stop and the player leaves their room. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.leave().catch(() => undefined);
  }
}
