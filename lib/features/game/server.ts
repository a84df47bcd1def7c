// The game over WebSocket: authenticates the upgrade with the session of /login, holds it to the
// limits of limits.ts, then plays rooms of two through the GameStore. Every instance holding a
// player of a room listens to the room's channel and arms the round's settle timer; the store lets
// only the first settle, so a round ends even if the other instance has died.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Clock } from '../../platform/clock.js';
import { HttpError, RateLimitedError } from '../../platform/errors.js';
import { flattenHeaders, parseTarget } from '../../platform/http/node.js';
import type { CredentialSource } from '../../platform/http/route.js';
import type { GameStore } from '../../stores/game/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { GAME_LIMITS as L } from './limits.js';
import { Seat } from './seat.js';

export interface GameOptions {
  store: () => GameStore;
  authenticate(source: CredentialSource): Promise<AuthContext>;
  clock: Clock;
  /** Read per use, so an app rebuilt from new settings is followed. */
  timing(): { gameTimeMs: number; robotWaitMs: number; pauseMs: number };
  heartbeatMs: number;
  /** Joins per player, and upgrades per session (GAME_LIMITS), shared across instances. */
  joinLimiter: RateLimiter;
  upgradeLimiter: RateLimiter;
  /** Whether a name from `hello` may be shown to others (WeChat's moderation). */
  checkName(auth: AuthContext, name: string): Promise<boolean>;
  /** The profile's avatar as the other players may see it ("" until an album image passed moderation). */
  shownAvatar(auth: AuthContext): Promise<string>;
}

/** Open sockets per key on this instance, with a cap. */
class Counter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}
  take(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(key, n + 1);
    return true;
  }
  give(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}

function refuse(socket: Duplex, err: unknown): void {
  const e = err instanceof HttpError ? err : undefined;
  const body = JSON.stringify({
    ok: false,
    error: e?.code ?? 'ERR_INTERNAL',
    message: e?.message ?? 'internal error',
    requestId: '',
  });
  const headers = Object.entries(e?.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(
    `HTTP/1.1 ${e?.status ?? 500} ${e?.code ?? 'ERR_INTERNAL'}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `${headers.join('')}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function createGameServer(options: GameOptions) {
  let wss: WebSocketServer | undefined;
  // ws is loaded on the first connection (see ws-server.ts).
  const server = async (): Promise<WebSocketServer> => {
    if (!wss) {
      const { WebSocketServer } = await import('./ws-server.js');
      wss ??= new WebSocketServer({ noServer: true, maxPayload: L.maxFrameBytes });
    }
    return wss;
  };
  const seats = new Set<Seat>();
  const perSession = new Counter(L.socketsPerSession);
  const perIp = new Counter(L.socketsPerIp);
  const heartbeat = setInterval(() => {
    const uids = [...seats].map((s) => s.player.uid);
    options
      .store()
      .heartbeat(uids, options.heartbeatMs * 3)
      .catch(() => undefined);
  }, options.heartbeatMs);
  heartbeat.unref();

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const ip = request.socket?.remoteAddress ?? 'unknown';
    let auth: AuthContext;
    try {
      const target = parseTarget(request.url) ?? { path: '/', query: {} };
      auth = await options.authenticate({
        headers: flattenHeaders(request.headers),
        query: target.query,
        body: undefined,
        sourceIp: ip,
      });
      await options.upgradeLimiter.consume(auth.uuid);
    } catch (err) {
      return refuse(socket, err);
    }
    if (!perSession.take(auth.uuid)) return refuse(socket, new RateLimitedError(5));
    if (!perIp.take(ip)) {
      perSession.give(auth.uuid);
      return refuse(socket, new RateLimitedError(5));
    }
    // The places are given back when the connection ends, however it ends (a bad handshake too).
    socket.once('close', () => {
      perSession.give(auth.uuid);
      perIp.give(ip);
    });
    (await server()).handleUpgrade(request, socket, head, (ws) => {
      const seat = new Seat(ws, auth, options);
      seats.add(seat);
      ws.on('close', () => seats.delete(seat));
    });
  }

  return {
    handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      handleUpgrade(request, socket, head).catch(() => socket.destroy());
    },
    async close(): Promise<void> {
      clearInterval(heartbeat);
      const open = wss;
      if (!open) return;
      for (const ws of open.clients) ws.terminate();
      await new Promise<void>((resolve) => open.close(() => resolve()));
    },
  };
}
