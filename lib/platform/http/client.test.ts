import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, httpCall, isOk } from './client.js';

let server: Server;
let base: string;
const seen: { method?: string; body?: string; type?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, body, type: req.headers['content-type'] });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/huge') {
        res.writeHead(200);
        res.end(Buffer.alloc(64 * 1024, 'x'));
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'x-thing': 'yes', 'content-type': 'text/plain' });
      res.end(`你好 ${body}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('httpCall', () => {
  it('sends a body with its length and reads the answer as UTF-8, with status and headers', async () => {
    const answer = await httpCall(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"中"}',
      timeoutMs: 1000,
    });
    expect(answer.text).toBe('你好 {"a":"中"}');
    expect(isOk(answer)).toBe(true);
    expect(header(answer, 'X-Thing')).toBe('yes');
    expect(header(answer, 'x-absent')).toBe('');
    expect(seen.at(-1)).toEqual({ method: 'POST', body: '{"a":"中"}', type: 'application/json' });
  });

  it('answers a 404 as an answer, not an error', async () => {
    const answer = await httpCall(`${base}/missing`, { timeoutMs: 1000 });
    expect(answer.status).toBe(404);
    expect(isOk(answer)).toBe(false);
  });

  it('gives up at the deadline with a TimeoutError', async () => {
    const started = performance.now();
    await expect(httpCall(`${base}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses an answer larger than maxBytes', async () => {
    await expect(httpCall(`${base}/huge`, { timeoutMs: 1000, maxBytes: 1024 })).rejects.toThrow(
      /larger than 1024/,
    );
    expect((await httpCall(`${base}/huge`, { timeoutMs: 1000 })).text).toHaveLength(64 * 1024);
  });

  it('fails when nothing listens', async () => {
    await expect(httpCall('http://127.0.0.1:1/', { timeoutMs: 1000 })).rejects.toThrow();
  });
});
