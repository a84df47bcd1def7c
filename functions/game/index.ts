// game: rock-paper-scissors over WebSocket. An SCF web function: scf_bootstrap starts this server on
// port 9000, and with WebSocket enabled every connection gets an instance of its own; rooms,
// rounds and scores live in Redis and instances talk through its pub/sub (see lib/game).
import { createServer } from 'node:http';
import { attachGame } from '@weapp-scf/layer';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(
    JSON.stringify({ ok: true, data: { game: 'rock-paper-scissors', connect: 'wss://<function url>/game' } }),
  );
});
attachGame(server, (path) => path === '/' || path === '/game');
server.listen(Number(process.env.PORT ?? 9000), process.env.HOST ?? '0.0.0.0');
