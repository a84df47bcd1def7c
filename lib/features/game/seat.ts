// One connected player: frames handled one at a time, in order, against the GameStore; room events
// from the store's channel relayed to the socket; timers for the robot, settling and the next round.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ClientFrame } from '../../../contract/game.js';
import { HttpError } from '../../platform/errors.js';
import { describeError, log } from '../../platform/log.js';
import {
  type Choice,
  type GameStore,
  type Player,
  ROBOT_UID,
  type ServerFrame,
} from '../../stores/game/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { parseFrame } from './protocol.js';
import type { GameOptions } from './server.js';
import { gameUid } from './uid.js';

const MAX_BAD_FRAMES = 20;
const ROBOT: Player = { uid: ROBOT_UID, nickName: '机器人', avatarUrl: '', robot: true };

/** One connected player. Frames are handled one at a time, in order. */
export class Seat {
  readonly player: Player;
  private roomId: string | undefined;
  private round = 0;
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private badFrames = 0;

  constructor(
    private readonly ws: WebSocket,
    auth: AuthContext,
    private readonly options: GameOptions,
  ) {
    this.player = {
      uid: gameUid(auth.appId, auth.openId),
      nickName: auth.user.nickName ?? '微信用户',
      avatarUrl: auth.user.avatarUrl ?? '',
    };
    void this.store.heartbeat([this.player.uid], options.heartbeatMs * 3).catch(() => undefined);
    ws.on('message', (data, isBinary) => {
      this.queue = this.queue.then(() => this.receive(isBinary ? null : data.toString()));
    });
    ws.on('close', () => {
      this.queue = this.queue.then(() => this.gone());
    });
    ws.on('error', () => undefined);
  }

  private get store(): GameStore {
    return this.options.store();
  }

  private send(frame: ServerFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private later(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((err) => log('warn', 'game timer failed', describeError(err)));
    }, ms);
    this.timers.add(timer);
  }

  private async receive(data: string | null): Promise<void> {
    const frame = data === null ? { error: 'frames are JSON text, not binary' } : parseFrame(data);
    if ('error' in frame) {
      this.badFrames++;
      this.send({ type: 'error', error: 'ERR_INVALID_INPUT', message: frame.error });
      if (this.badFrames > MAX_BAD_FRAMES) this.ws.close(1008, 'too many invalid frames');
      return;
    }
    try {
      await this.handle(frame);
    } catch (err) {
      const e = err instanceof HttpError ? err : undefined;
      this.send({ type: 'error', error: e?.code ?? 'ERR_INTERNAL', message: e?.message ?? 'internal error' });
    }
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'hello': {
        if (this.player.nickName === '微信用户' && frame.user?.nickName)
          this.player.nickName = frame.user.nickName;
        if (!this.player.avatarUrl && frame.user?.avatarUrl?.startsWith('https://'))
          this.player.avatarUrl = frame.user.avatarUrl;
        this.send({
          type: 'hi',
          message: `欢迎，${this.player.nickName}`,
          nearby: await this.store.waitingCount(),
        });
        return;
      }
      case 'join':
        return this.join();
      case 'leave':
        return this.leave();
      case 'choice': {
        const ok =
          this.roomId &&
          (await this.store.choose(
            this.roomId,
            this.round,
            this.player.uid,
            frame.value as Choice,
            this.options.clock.now(),
          ));
        if (!ok)
          return this.send({
            type: 'error',
            error: 'ERR_INVALID_INPUT',
            message: 'no round is open for you',
          });
        await this.store.publish(this.roomId!, { type: 'movement', uid: this.player.uid, choice: true });
        return;
      }
      case 'face':
        if (!this.roomId)
          return this.send({ type: 'error', error: 'ERR_INVALID_INPUT', message: 'join a room first' });
        await this.store.publish(this.roomId, { type: 'movement', uid: this.player.uid, face: frame.value });
    }
  }

  private async join(): Promise<void> {
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

  private async leave(): Promise<void> {
    const room = await this.store.leave(this.player.uid);
    if (room)
      await this.store.publish(room.id, { type: 'room', roomId: room.id, users: room.players, full: false });
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.roomId) this.send({ type: 'room', roomId: this.roomId, users: [], full: false });
    this.roomId = undefined;
  }

  private async gone(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.leave().catch(() => undefined);
  }
}
