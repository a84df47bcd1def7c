// The game over WebSocket: authenticates the upgrade with the session of /login, then plays rooms
// of two through the GameStore. Every instance holding a player of a room listens to the room's
// channel and arms the round's settle timer; the store lets only the first settle, so a round ends
// even if the other instance has died (its player stops heartbeating and the room is closed).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Clock } from '../../platform/clock.js';
import { HttpError } from '../../platform/errors.js';
import { flattenHeaders, parseTarget } from '../../platform/http/node.js';
import type { CredentialSource } from '../../platform/http/route.js';
import type { GameStore } from '../../stores/game/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { Seat } from './seat.js';

export interface GameOptions {
  store: () => GameStore;
  authenticate(source: CredentialSource): Promise<AuthContext>;
  clock: Clock;
  /** Read per use, so a runtime rebuilt from new settings is followed. */
  timing(): { gameTimeMs: number; robotWaitMs: number; pauseMs: number };
  heartbeatMs: number;
}

const MAX_FRAME_BYTES = 16 * 1024;

export function createGameServer(options: GameOptions) {
  let wss: WebSocketServer | undefined;
  // ws is loaded on the first connection (see ws-server.ts).
  const server = async (): Promise<WebSocketServer> => {
    if (!wss) {
      const { WebSocketServer } = await import('./ws-server.js');
      wss ??= new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    }
    return wss;
  };
  const seats = new Set<Seat>();
  const heartbeat = setInterval(() => {
    const uids = [...seats].map((s) => s.player.uid);
    options
      .store()
      .heartbeat(uids, options.heartbeatMs * 3)
      .catch(() => undefined);
  }, options.heartbeatMs);
  heartbeat.unref();

  function refuse(socket: Duplex, status: number, code: string, message: string): void {
    const body = JSON.stringify({ ok: false, error: code, message, requestId: '' });
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let auth: AuthContext;
    try {
      const target = parseTarget(request.url) ?? { path: '/', query: {} };
      auth = await options.authenticate({
        headers: flattenHeaders(request.headers),
        query: target.query,
        body: undefined,
      });
    } catch (err) {
      const e = err instanceof HttpError ? err : undefined;
      return refuse(socket, e?.status ?? 500, e?.code ?? 'ERR_INTERNAL', e?.message ?? 'internal error');
    }
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
