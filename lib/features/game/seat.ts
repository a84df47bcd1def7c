// One connected player's socket: frames handled one at a time, in order, within the limits of
// limits.ts (a rate, a bounded queue, bad frames in a row); frames to a client that does not read
// are dropped, then the client is cut off. The room flow itself is the player's Table.
import type { WebSocket } from 'ws';
import type { ClientFrame } from '../../../contract/game.js';
import { HttpError } from '../../platform/errors.js';
import { TokenBucket } from '../../platform/throttle.js';
import type { GameStore, Player, ServerFrame } from '../../stores/game/store.js';
import { gameUid } from '../../stores/game/uid.js';
import { ACCOUNT_DELETED_MESSAGE } from '../account/delete.js';
import type { AuthContext } from '../auth/sessions.js';
import { isWechatAvatar } from '../moderation/avatars.js';
import { GAME_LIMITS as L } from './limits.js';
import { parseFrame } from './protocol.js';
import type { GameOptions } from './server.js';
import { Table } from './table.js';

const DEFAULT_NAME = '微信用户';

export class Seat {
  readonly player: Player;
  private readonly table: Table;
  private readonly frames = new TokenBucket(L.framesPerSecond, L.frameBurst);
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private badFrames = 0;
  private dropped = 0;
  private unsent = 0;
  private rateNoticeAt = 0;
  private closed = false;
  private endSession: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly auth: AuthContext,
    private readonly options: GameOptions,
  ) {
    this.player = {
      uid: gameUid(auth.appId, auth.openId),
      nickName: auth.user.nickName ?? DEFAULT_NAME,
      // Others see only checked avatars (lib/features/moderation/avatars.ts): resolved on `hello`.
      avatarUrl: '',
    };
    this.table = new Table(this.player, options, (frame) => this.send(frame));
    void this.store.heartbeat([this.player.uid], options.heartbeatMs * 3).catch(() => undefined);
    // Logout anywhere ends this socket: the frame that says so, then a close (4001); a deleted
    // account's sockets close with 4003.
    this.endSession = this.store
      .subscribeSession(auth.uuid, (frame) => {
        this.send(frame);
        const deleted = frame.type === 'error' && frame.message === ACCOUNT_DELETED_MESSAGE;
        ws.close(deleted ? 4003 : 4001, deleted ? 'account deleted' : 'session ended');
      })
      .catch(() => async () => undefined);
    ws.on('message', (data, isBinary) => this.accept(() => (isBinary ? null : data.toString())));
    ws.on('close', () => {
      this.closed = true;
      this.queue = this.queue.then(() => this.leave());
    });
    ws.on('error', () => undefined);
  }

  private get store(): GameStore {
    return this.options.store();
  }

  /** Takes a frame into the queue, or drops it (unread) when over the rate or the queue is full. */
  private accept(read: () => string | null): void {
    if (this.closed) return;
    if (this.pending >= L.maxPendingFrames || !this.frames.take()) {
      this.drop();
      return;
    }
    this.dropped = 0;
    this.pending++;
    const data = read();
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.receive(data)))
      .finally(() => {
        this.pending--;
      });
  }

  private drop(): void {
    this.dropped++;
    const now = performance.now();
    if (now - this.rateNoticeAt >= 1000) {
      this.rateNoticeAt = now;
      this.send({
        type: 'error',
        error: 'ERR_RATE_LIMITED',
        message: `at most ${L.framesPerSecond} frames a second`,
      });
    }
    if (this.dropped > L.maxDroppedInARow) this.ws.close(1008, 'too many frames');
  }

  private send(frame: ServerFrame): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > L.maxBufferedBytes) {
      // The client does not read: drop, and after enough of that, cut it off.
      if (++this.unsent > L.maxUnsentFrames) this.ws.terminate();
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  private async receive(data: string | null): Promise<void> {
    const frame = data === null ? { error: 'frames are JSON text, not binary' } : parseFrame(data);
    if ('error' in frame) {
      this.badFrames++;
      this.send({ type: 'error', error: 'ERR_INVALID_INPUT', message: frame.error });
      if (this.badFrames > L.maxBadFramesInARow) this.ws.close(1008, 'too many invalid frames');
      return;
    }
    this.badFrames = 0;
    try {
      await this.handle(frame);
    } catch (err) {
      const e = err instanceof HttpError ? err : undefined;
      this.send({ type: 'error', error: e?.code ?? 'ERR_INTERNAL', message: e?.message ?? 'internal error' });
    }
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return this.hello(frame);
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

  /** The profile's name and avatar win; a name from `hello` is shown to others only if WeChat passes it. */
  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    const name = frame.user?.nickName;
    if (this.player.nickName === DEFAULT_NAME && name) {
      if (await this.options.checkName(this.auth, name)) this.player.nickName = name;
      else this.send({ type: 'error', error: 'ERR_CONTENT_REJECTED', message: 'this name cannot be shown' });
    }
    if (!this.player.avatarUrl && this.auth.user.avatarUrl)
      this.player.avatarUrl = await this.options.shownAvatar(this.auth);
    // One sent with `hello` (the qcloud demo's client sends wx.getUserInfo's) only from WeChat's own hosts.
    const sent = frame.user?.avatarUrl;
    if (!this.player.avatarUrl && sent && isWechatAvatar(sent)) this.player.avatarUrl = sent;
    this.send({
      type: 'hi',
      message: `欢迎，${this.player.nickName}`,
      nearby: await this.store.waitingCount(),
    });
  }

  private async leave(): Promise<void> {
    await this.table.close();
    const unsubscribe = await this.endSession;
    this.endSession = undefined;
    await unsubscribe?.().catch(() => undefined);
  }
}
