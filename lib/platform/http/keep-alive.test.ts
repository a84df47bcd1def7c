// Kept-alive connections (agents.ts): a warm container makes its calls on one connection; a socket
// the server closed while it idled (an SCF instance frozen between invocations wakes with such
// sockets) costs one retry on a fresh socket and never an error; nothing is sent again once an
// answer has started (a jscode2session code is single-use).
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentFor, FREE_SOCKET_TIMEOUT_MS, isStaleSocketError } from './agents.js';
import { httpCall } from './client.js';

let server: Server;
let base: string;
let connections: number;
let requests: string[];
const sockets = new Set<Socket>();

beforeEach(async () => {
  connections = 0;
  requests = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      if (req.url === '/cut') {
        // An answer that starts, then the connection drops.
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      res.end('ok');
    });
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('kept-alive connections', () => {
  it('50 back-to-back calls travel on one connection', async () => {
    for (let i = 0; i < 50; i++)
      expect((await httpCall(`${base}/n${i}`, { method: 'POST', body: '{}', timeoutMs: 1000 })).text).toBe(
        'ok',
      );
    expect(requests).toHaveLength(50);
    expect(connections).toBe(1);
  });

  it('a socket the server closed while idle costs one retry on a fresh socket, not an error', async () => {
    expect((await httpCall(`${base}/first`, { timeoutMs: 1000 })).text).toBe('ok');
    await new Promise((r) => setTimeout(r, 20)); // the socket is back in the pool, idle
    // The server drops it, and the call goes out before this process has read the close: as an
    // instance thawed after the server's idle timeout.
    for (const socket of sockets) socket.destroy();
    const answer = await httpCall(`${base}/after-freeze`, {
      method: 'POST',
      body: '{"code":"c"}',
      timeoutMs: 1000,
    });
    expect(answer.text).toBe('ok');
    expect(requests).toEqual(['/first', '/after-freeze']);
    expect(connections).toBe(2);
    // And the fresh connection is kept for the next call.
    await httpCall(`${base}/next`, { timeoutMs: 1000 });
    expect(connections).toBe(2);
  });

  it('never sends again once an answer has started', async () => {
    await expect(httpCall(`${base}/cut`, { timeoutMs: 1000 })).rejects.toThrow();
    expect(requests).toEqual(['/cut']);
  });

  it('a fresh connection that fails is not retried', async () => {
    const { port } = server.address() as AddressInfo;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await expect(httpCall(`http://127.0.0.1:${port}/gone`, { timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    server.listen(0, '127.0.0.1'); // for afterEach
    await new Promise((r) => server.once('listening', r));
  });

  it('closes an idle socket itself within the free-socket timeout, shorter than servers keep theirs', async () => {
    const agent = agentFor(base, await import('node:http'));
    expect((agent as unknown as { options: object }).options).toMatchObject({
      keepAlive: true,
      timeout: FREE_SOCKET_TIMEOUT_MS,
    });
    expect(FREE_SOCKET_TIMEOUT_MS).toBeLessThan(5000);
    expect(agentFor(base, await import('node:http'))).toBe(agent);
    expect(isStaleSocketError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isStaleSocketError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
