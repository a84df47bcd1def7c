// Upgrades that are not for the game, or not even a path, are dropped without taking the process
// down (the red team's `http://[/` once killed npm start); one without a session hears a JSON 401.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { attachGame } from '../../lib/features/game/attach.js';

let server: Server;
let port: number;
let game: { close(): Promise<void> };

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  const app = getApp();
  game = attachGame(server, (path) => path === '/game', { ...app.game, authenticate: app.authenticate });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await game.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends a raw upgrade request and answers what came back before the socket closed. */
function upgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}

it.each(['http://[/', 'http://evil.example/game', '/elsewhere', '*'])(
  'drops an upgrade to %j',
  async (target) => {
    expect(await upgrade(target)).toBe('');
  },
);

it('refuses an upgrade without a session with a JSON 401, and the server still serves', async () => {
  const answer = await upgrade('/game');
  expect(answer).toMatch(/^HTTP\/1.1 401/);
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
    error: 'ERR_INVALID_SESSION',
  });
  expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
});
