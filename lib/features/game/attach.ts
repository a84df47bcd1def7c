// Puts the game on an HTTP server: WebSocket upgrades on the accepted paths, authenticated with the
// session of /login (X-WX-Id / X-WX-Skey headers, or uuid / skey in the query for browsers).
import type { Server } from 'node:http';
import { parseTarget } from '../../platform/http/node.js';
import { createGameServer, type GameOptions } from './server.js';

export function attachGame(
  server: Server,
  accepts: (path: string) => boolean,
  options: GameOptions,
): { close(): Promise<void> } {
  const game = createGameServer(options);
  server.on('upgrade', (request, socket, head) => {
    const target = parseTarget(request.url);
    if (target && accepts(target.path)) game.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  return game;
}
