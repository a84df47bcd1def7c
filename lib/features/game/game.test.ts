// The game's room flow (Table), socket handling (Seat) and upgrade refusal, on the embedded
// GameStore with no network: frames sent to a player are collected in a list.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../../contract/game.js';
import { SettableClock } from '../../platform/clock.js';
import { InvalidSessionError, RateLimitedError } from '../../platform/errors.js';
import { MemoryGameStore } from '../../stores/game/memory.js';
import { memoryRateLimiter } from '../../stores/rate-limit/memory.js';
import type { AuthContext } from '../auth/sessions.js';
import { GAME_LIMITS } from './limits.js';
import { Seat } from './seat.js';
import { createGameServer, type GameOptions } from './server.js';
import { Table } from './table.js';

function options(): GameOptions {
  const clock = new SettableClock();
  const store = new MemoryGameStore(clock);
  return {
    store: () => store,
    clock,
    timing: () => ({ gameTimeMs: 60, robotWaitMs: 10, pauseMs: 10_000 }),
    heartbeatMs: 1000,
    authenticate: async () => Promise.reject(new InvalidSessionError()),
    joinLimiter: memoryRateLimiter({ name: `join${Math.random()}`, points: 3, durationSeconds: 60 }),
    upgradeLimiter: memoryRateLimiter({ name: `up${Math.random()}`, points: 100, durationSeconds: 60 }),
    checkName: async (_auth, name) => !name.includes('坏'),
    shownAvatar: async () => '',
  };
}

function waitFor(
  frames: ServerFrame[],
  type: ServerFrame['type'],
  where: (f: ServerFrame) => boolean = () => true,
) {
  return vi.waitFor(() => {
    const found = frames.find((f) => f.type === type && where(f));
    if (!found) throw new Error(`no ${type} frame yet`);
    return found;
  });
}

describe('Table', () => {
  it('seats a lone player with the robot, opens a round, takes a choice and settles it', async () => {
    const opts = options();
    const frames: ServerFrame[] = [];
    const player = { uid: 'p1', nickName: 'A', avatarUrl: '' };
    await opts.store().heartbeat(['p1'], 60_000);
    const table = new Table(player, opts, (f) => frames.push(f));
    await table.join();
    await waitFor(frames, 'room', (f) => f.type === 'room' && f.full);
    const start = await waitFor(frames, 'start');
    expect(start).toMatchObject({ round: 1, gameTime: 60 });
    expect(await table.choose(1)).toBe(true);
    expect(await table.face('😀')).toBe(true);
    const result = await waitFor(frames, 'result');
    expect(result.type === 'result' && result.results.map((r) => r.uid).sort()).toEqual(['p1', 'robot']);
    await table.close();
    expect(await table.choose(2)).toBe(false);
  });

  it('relays at most one face per interval, and limits joins per player', async () => {
    const opts = options();
    const frames: ServerFrame[] = [];
    const table = new Table({ uid: 'p3', nickName: 'C', avatarUrl: '' }, opts, (f) => frames.push(f));
    await table.join();
    for (let i = 0; i < 20; i++) expect(await table.face('😀')).toBe(true);
    await vi.waitFor(() => expect(frames.filter((f) => f.type === 'movement')).toHaveLength(1));
    for (let i = 0; i < 2; i++) {
      await table.leave();
      await table.join();
    }
    await table.leave();
    await expect(table.join()).rejects.toBeInstanceOf(RateLimitedError);
    await table.close();
  });

  it('refuses a choice or a face outside a room', async () => {
    const table = new Table({ uid: 'p2', nickName: 'B', avatarUrl: '' }, options(), () => undefined);
    expect(await table.choose(1)).toBe(false);
    expect(await table.face('x')).toBe(false);
  });
});

/** Just enough of a ws WebSocket for a Seat. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: ServerFrame[] = [];
  closed: number | undefined;
  send(data: string) {
    this.sent.push(JSON.parse(data) as ServerFrame);
  }
  close(code: number) {
    this.closed ??= code;
    this.readyState = 3;
  }
  terminate() {
    this.close(1006);
  }
}

const auth = {
  appId: 'wx',
  openId: 'o',
  uuid: 'u',
  user: { openId: 'o', nickName: '阿明' },
  expiresAt: new Date(),
} as AuthContext;

describe('Seat', () => {
  it('answers hello with the profile name, and bad frames with an error frame', async () => {
    const ws = new FakeSocket();
    new Seat(ws as never, auth, options());
    ws.emit('message', Buffer.from('{"type":"hello"}'), false);
    ws.emit('message', Buffer.from([1, 2]), true);
    ws.emit('message', Buffer.from('{"type":"choice","value":1}'), false);
    await vi.waitFor(() => expect(ws.sent).toHaveLength(3));
    expect(ws.sent[0]).toMatchObject({ type: 'hi', message: '欢迎，阿明', nearby: 0 });
    expect(ws.sent[1]).toMatchObject({
      type: 'error',
      error: 'ERR_INVALID_INPUT',
      message: expect.stringContaining('binary'),
    });
    expect(ws.sent[2]).toMatchObject({ type: 'error', message: 'no round is open for you' });
  });

  it('counts bad frames in a row only: a good frame starts the count again', async () => {
    const ws = new FakeSocket();
    new Seat(ws as never, auth, options());
    const sendSlowly = async (data: string, n: number) => {
      for (let i = 0; i < n; i++) {
        ws.emit('message', Buffer.from(data), false);
        await new Promise((r) => setTimeout(r, 110));
      }
    };
    await sendSlowly('nope', 15);
    await sendSlowly('{"type":"hello"}', 1);
    await sendSlowly('nope', 10);
    expect(ws.closed).toBeUndefined();
  });

  it('drops frames over the rate (GAME_LIMITS) with one notice a second, then closes a socket that keeps on', async () => {
    expect(GAME_LIMITS.frameBurst).toBeLessThan(60);
    const ws = new FakeSocket();
    new Seat(ws as never, auth, options());
    for (let i = 0; i < 60; i++) ws.emit('message', Buffer.from('{"type":"leave"}'), false);
    await vi.waitFor(() =>
      expect(ws.sent.filter((f) => f.type === 'error' && f.error === 'ERR_RATE_LIMITED')).toHaveLength(1),
    );
    expect(ws.closed).toBeUndefined();
    for (let i = 0; i < 200; i++) ws.emit('message', Buffer.from('{"type":"leave"}'), false);
    expect(ws.closed).toBe(1008);
  });

  it('sends nothing more to a client that does not read, then cuts it off', async () => {
    const ws = new FakeSocket();
    ws.bufferedAmount = 1024 * 1024;
    new Seat(ws as never, auth, options());
    for (let i = 0; i < 15; i++) ws.emit('message', Buffer.from('{"type":"hello"}'), false);
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.sent).toEqual([]);
  });

  it('shows a name from hello only when moderation passes it', async () => {
    const anonymous = { ...auth, user: { openId: 'o' } } as AuthContext;
    const ws = new FakeSocket();
    new Seat(ws as never, anonymous, options());
    ws.emit('message', Buffer.from('{"type":"hello","user":{"nickName":"坏人"}}'), false);
    await vi.waitFor(() => expect(ws.sent.map((f) => f.type)).toEqual(['error', 'hi']));
    expect(ws.sent[1]).toMatchObject({ message: '欢迎，微信用户' });
    expect(ws.sent[0]).toMatchObject({ error: 'ERR_CONTENT_REJECTED' });
  });

  it.each([
    ['no avatar ("", as the qcloud demo sends it)', '', ''],
    ['an avatar from anywhere (a tracking pixel)', 'https://tracker.example/p.gif', ''],
    [
      'an avatar from WeChat’s own host',
      'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
      'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
    ],
  ])('hello with %s: hi, and others see only a checked avatar', async (_what, sent, shown) => {
    const anonymous = { ...auth, user: { openId: 'o' } } as AuthContext;
    const ws = new FakeSocket();
    new Seat(ws as never, anonymous, options());
    ws.emit('message', Buffer.from(JSON.stringify({ type: 'hello', user: { avatarUrl: sent } })), false);
    await vi.waitFor(() => expect(ws.sent.map((f) => f.type)).toContain('hi'));
    ws.emit('message', Buffer.from('{"type":"join"}'), false);
    await vi.waitFor(() => expect(ws.sent.map((f) => f.type)).toContain('room'));
    const room = ws.sent.find((f) => f.type === 'room') as { users: Array<{ avatarUrl: string }> };
    expect(room.users[0]!.avatarUrl).toBe(shown);
  });

  it('hears the end of its session (logout elsewhere) and closes with 4001', async () => {
    const opts = options();
    const ws = new FakeSocket();
    new Seat(ws as never, auth, opts);
    await new Promise((r) => setTimeout(r, 10));
    await opts
      .store()
      .endSession(auth.uuid, { type: 'error', error: 'ERR_INVALID_SESSION', message: 'logged out' });
    await vi.waitFor(() => expect(ws.closed).toBe(4001));
    expect(ws.sent.at(-1)).toMatchObject({ error: 'ERR_INVALID_SESSION' });
  });

  it('closes with 1008 after more than 20 bad frames', async () => {
    const ws = new FakeSocket();
    new Seat(ws as never, auth, options());
    for (let i = 0; i < 21; i++) {
      ws.emit('message', Buffer.from('nope'), false);
      await new Promise((r) => setTimeout(r, 15));
    }
    await vi.waitFor(() => expect(ws.closed).toBe(1008));
  });
});

describe('createGameServer', () => {
  it('refuses an upgrade without a session with the contract’s JSON 401', async () => {
    const game = createGameServer(options());
    const socket = new PassThrough();
    let written = '';
    socket.on('data', (chunk) => {
      written += chunk;
    });
    game.handleUpgrade({ url: '/game', headers: {} } as IncomingMessage, socket, Buffer.alloc(0));
    await vi.waitFor(() => expect(written).toContain('HTTP/1.1 401'));
    expect(JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4))).toMatchObject({
      ok: false,
      error: 'ERR_INVALID_SESSION',
    });
    await game.close();
  });
});
