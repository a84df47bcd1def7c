// Property tests for the game's WebSocket, like the HTTP ones: generated frames (JSON of every
// shape, frames of the right type with wrong fields, garbage text, binary, oversized) and generated
// upgrades (request targets, headers, credentials). The process lives and keeps serving, every
// answer is a well-formed frame or a contract refusal, memory stays bounded, and bad input writes
// nothing to Redis.
import { connect as tcp } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../contract/game.js';
import { parseFrame } from '../../lib/features/game/protocol.js';
import { type Dev, startDev } from '../support/dev.js';
import { loginAs, type Session } from '../support/login.js';
import { gameKeyPattern, keysMatching, testRedis } from '../support/redis.js';

const FRAME_RUNS = 150;
const UPGRADE_RUNS = 150;
const SERVER_FRAMES = new Set(['hi', 'room', 'start', 'movement', 'result', 'error']);

let dev: Dev;
let wsUrl: string;
let sessions: Session[];
let turn = 0;
/** Upgrades are limited per session (30 a minute, 3 open): the runs take turns over 10 sessions. */
const nextSession = () => sessions[turn++ % sessions.length]!;
const redis = testRedis();
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  dev = await startDev({ LOGIN_RATE_LIMIT: '100000' });
  wsUrl = `${dev.url.replace('http', 'ws')}/game`;
  sessions = await Promise.all(Array.from({ length: 10 }, (_, i) => loginAs(`game-fuzz-${i}`)));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await dev.close();
  redis.disconnect();
});

const gameKeys = async () =>
  (await keysMatching(redis, gameKeyPattern(process.env.REDIS_KEY_PREFIX!)))
    .filter((k) => !k.includes(':alive:'))
    .sort();
const serving = async () => (await fetch(`${dev.url}/videos`)).status === 200;

/** Frames that are not valid client frames (checked against the parser itself). */
const badFrame = fc
  .oneof(
    fc.json(),
    fc.string({ maxLength: 200 }),
    fc
      .record({
        type: fc.constantFrom('hello', 'join', 'leave', 'choice', 'face', 'dance', '__proto__', ''),
        value: fc.oneof(fc.integer(), fc.string({ maxLength: 40 }), fc.constant(null), fc.object()),
        user: fc.oneof(fc.object(), fc.record({ nickName: fc.string(), avatarUrl: fc.string() })),
      })
      .map((o) => JSON.stringify(o)),
    fc.constantFrom(
      '{"type":"face","value":"\\u202e"}',
      '{"type":"hello","user":{"nickName":"\\ud800"}}',
      'null',
      '[]',
    ),
  )
  .filter((text) => 'error' in parseFrame(text));

function player(url = wsUrl): Promise<{ ws: WebSocket; frames: ServerFrame[]; raw: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: nextSession().headers });
    const frames: ServerFrame[] = [];
    const raw: string[] = [];
    ws.on('message', (data) => {
      raw.push(data.toString());
      frames.push(JSON.parse(data.toString()) as ServerFrame);
    });
    ws.once('open', () => resolve({ ws, frames, raw }));
    ws.once('error', reject);
  });
}

describe('frames', () => {
  it(`${FRAME_RUNS} runs of generated bad frames: error frames only, nothing written, the server serves`, async () => {
    const before = await gameKeys();
    const rssBefore = process.memoryUsage().rss;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(badFrame, fc.uint8Array({ maxLength: 64 })), { minLength: 1, maxLength: 8 }),
        async (frames) => {
          const p = await player();
          for (const f of frames) p.ws.send(typeof f === 'string' ? f : Buffer.from(f));
          await new Promise((r) => setTimeout(r, 30));
          p.ws.terminate();
          for (const f of p.frames) {
            expect(SERVER_FRAMES.has(f.type)).toBe(true);
            expect(f).toMatchObject({
              type: 'error',
              error: expect.stringMatching(/^ERR_(INVALID_INPUT|RATE_LIMITED)$/),
            });
          }
        },
      ),
      { numRuns: FRAME_RUNS },
    );
    expect(await serving()).toBe(true);
    expect(await gameKeys()).toEqual(before);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('a frame over 16 KB closes the socket with 1009; the server serves on', async () => {
    const p = await player();
    const closed = new Promise<number>((resolve) => p.ws.on('close', (code) => resolve(code)));
    p.ws.send('x'.repeat(17 * 1024));
    expect(await closed).toBe(1009);
    expect(await serving()).toBe(true);
  });
});

/** A raw upgrade request; answers what came back before the socket closed (or '' if dropped). */
function rawUpgrade(target: string, headers: Record<string, string>): Promise<string> {
  const url = new URL(dev.url);
  return new Promise((resolve) => {
    const socket = tcp(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (c) => {
      answer += c;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    const lines = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${lines}\r\n`,
    );
    setTimeout(() => socket.destroy(), 2000);
  });
}

const headerValue = fc
  .string({ maxLength: 200 })
  .map((s) => s.replaceAll('\r', '').replaceAll('\n', '').replaceAll('\0', ''));
const target = fc.oneof(
  fc.webPath().map((p) => `/game${p}`),
  fc
    .string({ maxLength: 100 })
    .map((s) => s.replace(/[\s\r\n]/g, ''))
    .filter((s) => s.length > 0),
  fc.constantFrom(
    'http://[/',
    '/game?uuid=%E0%A4%A&skey=x',
    '/game?uuid[]=1',
    'http://evil/game',
    '/%2e%2e/game',
    '*',
  ),
  fc
    .tuple(fc.uuid(), fc.string({ maxLength: 60 }))
    .map(([u, s]) => `/game?uuid=${u}&skey=${encodeURIComponent(s)}`),
);

describe('upgrades', () => {
  it(`${UPGRADE_RUNS} generated upgrades: a JSON refusal or a dropped socket, nothing written, the server serves`, async () => {
    const before = await gameKeys();
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.dictionary(
          fc.constantFrom(
            'x-wx-id',
            'x-wx-skey',
            'cookie',
            'origin',
            'x-forwarded-for',
            'sec-websocket-protocol',
          ),
          headerValue,
        ),
        async (path, headers) => {
          const answer = await rawUpgrade(path, headers);
          if (answer === '') return;
          expect(answer).toMatch(/^HTTP\/1\.1 (400|401|404|429) /);
          if (/^HTTP\/1\.1 (401|429)/.test(answer)) {
            const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
            expect(body).toMatchObject({ ok: false, error: expect.stringMatching(/^ERR_/) });
          }
        },
      ),
      { numRuns: UPGRADE_RUNS },
    );
    expect(await serving()).toBe(true);
    expect(await gameKeys()).toEqual(before);
  });

  it('nothing above raised an unhandled rejection or an uncaught exception', () => {
    expect(unhandled).toEqual([]);
  });
});
