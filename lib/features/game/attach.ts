// Puts the game on an HTTP server: WebSocket upgrades on the accepted paths, authenticated with the
// session of /login (X-WX-Id / X-WX-Skey headers, or uuid / skey in the query for browsers).
import type { IncomingMessage, Server } from 'node:http';
import { readCredentials } from '../auth/credentials.js';
import type { HttpRequest } from '../../platform/http/event.js';
import { getRuntime } from '../../app/runtime.js';
import { createGameServer } from './server.js';

function asHttpRequest(request: IncomingMessage): HttpRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    headers,
    query: Object.fromEntries(url.searchParams),
    body: Buffer.alloc(0),
    sourceIp: request.socket.remoteAddress ?? 'unknown',
    requestId: '',
  };
}

export function attachGame(server: Server, accepts: (path: string) => boolean): { close(): Promise<void> } {
  const game = createGameServer({
    store: () => getRuntime().game,
    authenticate: (request) =>
      getRuntime().sessions.authenticate(readCredentials(asHttpRequest(request), undefined)),
    timing: () => getRuntime().config.game,
    heartbeatMs: 1000,
  });
  server.on('upgrade', (request, socket, head) => {
    if (accepts(new URL(request.url ?? '/', 'http://localhost').pathname))
      game.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  return game;
}
