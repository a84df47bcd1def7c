// The red team's findings on the game, pinned (issue rows 3, 9, 15, and the upgrade of row 1), on
// the dev server with the real Redis: rooms left behind, sockets after logout, socket caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dev, startDev } from '../support/dev.js';
import { connect } from '../support/game-client.js';
import { loginAs } from '../support/login.js';
import { keysMatching, testRedis } from '../support/redis.js';

let dev: Dev;
let wsUrl: string;
const redis = testRedis();

beforeAll(async () => {
  dev = await startDev({ LOGIN_RATE_LIMIT: '10000', GAME_ROBOT_WAIT_MS: '60000' });
  wsUrl = `${dev.url.replace('http', 'ws')}/game`;
});
afterAll(async () => {
  await dev.close();
  redis.disconnect();
});

const roomKeys = () => keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*game*:room:*`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rooms', () => {
  it('a room left by its last player is deleted at once, and joins are limited per player', async () => {
    const player = await connect(wsUrl, await loginAs('game-churn'));
    for (let i = 0; i < 25; i++) {
      player.send({ type: 'join' });
      player.send({ type: 'leave' });
      await pause(110);
    }
    await expect
      .poll(() => player.frames.some((f) => f.type === 'error' && f.error === 'ERR_RATE_LIMITED'))
      .toBe(true);
    expect(await roomKeys()).toEqual([]);
    player.ws.close();
    await player.closed;
    await expect.poll(roomKeys).toEqual([]);
  });
});

describe('sessions', () => {
  it('logout ends the open game socket at once: an error frame, then close code 4001', async () => {
    const session = await loginAs('game-logout');
    const player = await connect(wsUrl, session);
    player.send({ type: 'join' });
    await player.next('room');
    expect((await dev.call('POST', '/logout', undefined, session.headers)).status).toBe(200);
    expect(await player.closed).toMatchObject({ code: 4001 });
    expect(player.frames.at(-1)).toMatchObject({ type: 'error', error: 'ERR_INVALID_SESSION' });
    await expect.poll(roomKeys).toEqual([]);
  });

  it('caps open sockets per session: the fourth is refused with 429 and retry-after', async () => {
    const session = await loginAs('game-many');
    const open = await Promise.all([1, 2, 3].map(() => connect(wsUrl, session)));
    await expect(connect(wsUrl, session)).rejects.toMatchObject({ status: 429 });
    open[0]!.ws.close();
    await open[0]!.closed;
    const again = await connect(wsUrl, session);
    for (const p of [...open.slice(1), again]) p.ws.close();
  });

  it('caps open sockets per IP on one instance: past 20, upgrades are refused with 429', async () => {
    const sessions = await Promise.all(Array.from({ length: 21 }, (_, i) => loginAs(`game-ip-${i}`)));
    const open = await Promise.all(sessions.slice(0, 20).map((s) => connect(wsUrl, s)));
    await expect(connect(wsUrl, sessions[20])).rejects.toMatchObject({ status: 429 });
    for (const p of open) p.ws.close();
    await Promise.all(open.map((p) => p.closed));
    const reopen = async () => {
      const p = await connect(wsUrl, sessions[20]).catch(() => undefined);
      p?.ws.close();
      return p ? 'open' : 'refused';
    };
    await expect.poll(reopen).toBe('open');
  });
});
