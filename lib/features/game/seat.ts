// One connected player's socket: frames handled one at a time, in order; bad frames answered with
// an error frame (too many close the socket); the room flow itself is the player's Table.
import type { WebSocket } from 'ws';
import type { ClientFrame } from '../../../contract/game.js';
import { HttpError } from '../../platform/errors.js';
import type { GameStore, Player, ServerFrame } from '../../stores/game/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { parseFrame } from './protocol.js';
import type { GameOptions } from './server.js';
import { Table } from './table.js';
import { gameUid } from './uid.js';

const MAX_BAD_FRAMES = 20;

/** One connected player. Frames are handled one at a time, in order. */
export class Seat {
  readonly player: Player;
  private readonly table: Table;
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
    this.table = new Table(this.player, options, (frame) => this.send(frame));
    void this.store.heartbeat([this.player.uid], options.heartbeatMs * 3).catch(() => undefined);
    ws.on('message', (data, isBinary) => {
      this.queue = this.queue.then(() => this.receive(isBinary ? null : data.toString()));
    });
    ws.on('close', () => {
      this.queue = this.queue.then(() => this.table.close());
    });
    ws.on('error', () => undefined);
  }

  private get store(): GameStore {
    return this.options.store();
  }

  private send(frame: ServerFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
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
        return this.table.join();
      case 'leave':
        return this.table.leave();
      case 'choice':
        if (!(await this.table.choose(frame.value)))
          this.send({ type: 'error', error: 'ERR_INVALID_INPUT', message: 'no round is open for you' });
        return;
      case 'face':
        if (!(await this.table.face(frame.value)))
          this.send({ type: 'error', error: 'ERR_INVALID_INPUT', message: 'join a room first' });
    }
  }
}
