// The game on the dev server (one process, real Redis): the upgrade needs a session, a lone player
// gets a robot, bad frames get error frames, and 20 simultaneous joins make 10 full rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dev, startDev } from '../support/dev.js';
import { connect, type GamePlayer } from '../support/game-client.js';
import { loginAs } from '../support/login.js';
import { configure } from '../support/runtime.js';

let dev: Dev;
let wsUrl: string;

beforeAll(async () => {
  dev = await startDev({ LOGIN_RATE_LIMIT: '10000', GAME_TIME_MS: '600', GAME_PAUSE_MS: '200' });
  wsUrl = `${dev.url.replace('http', 'ws')}/game`;
});
afterAll(async () => {
  await dev.close();
});

describe('connecting', () => {
  it('refuses the upgrade without a valid session', async () => {
    await expect(connect(wsUrl)).rejects.toMatchObject({ status: 401 });
    const forged = {
      uuid: '00000000-0000-4000-8000-000000000000',
      skey: 'A'.repeat(43),
      headers: {},
      data: {},
    };
    await expect(connect(`${wsUrl}?uuid=${forged.uuid}&skey=${forged.skey}`)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('accepts the session in the query, as a browser or wx.connectSocket without headers sends it', async () => {
    const s = await loginAs('game-query');
    const player = await connect(`${wsUrl}?uuid=${s.uuid}&skey=${s.skey}`);
    player.send({ type: 'hello' });
    expect((await player.next('hi')).nearby).toBeGreaterThanOrEqual(0);
    player.ws.close();
  });
});

describe('playing', () => {
  it('a lone player gets a robot opponent within about a second, and the robot plays', async () => {
    const p = await connect(wsUrl, await loginAs('game-lonely'));
    p.send({ type: 'join' });
    const waiting = await p.next('room');
    expect(waiting.full).toBe(false);
    const started = Date.now();
    const full = await p.next('room', (r) => r.full, 3000);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(full.users.map((u) => u.uid)).toContain('robot');
    await p.next('start');
    p.send({ type: 'choice', value: 3 });
    p.send({ type: 'face', value: '😎' });
    expect(await p.next('movement', (m) => m.face === '😎')).toMatchObject({ face: '😎' });
    const result = await p.next('result');
    const robot = result.results.find((r) => r.uid === 'robot')!;
    expect([1, 2, 3]).toContain(robot.choice);
    p.send({ type: 'leave' });
    expect(await p.next('room', (r) => r.users.length === 0)).toMatchObject({ full: false });
    p.ws.close();
  });

  it('20 clients joining at once make 10 full rooms, nobody in two', async () => {
    await configure({ GAME_ROBOT_WAIT_MS: '30000' });
    try {
      const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => loginAs(`crowd-player-${i}`)));
      const players: GamePlayer[] = await Promise.all(sessions.map((s) => connect(wsUrl, s)));
      for (const p of players) p.send({ type: 'join' });
      const rooms = await Promise.all(players.map((p) => p.next('room', (r) => r.full, 5000)));
      const members = new Map<string, Set<string>>();
      for (const r of rooms) members.set(r.roomId, new Set(r.users.map((u) => u.uid)));
      expect(members.size).toBe(10);
      const everyone = [...members.values()].flatMap((set) => [...set]);
      expect(everyone).toHaveLength(20);
      expect(new Set(everyone).size).toBe(20);
      for (const p of players) p.ws.close();
    } finally {
      await configure({ GAME_ROBOT_WAIT_MS: undefined });
    }
  });
});

describe('bad frames', () => {
  let p: GamePlayer;
  beforeAll(async () => {
    p = await connect(wsUrl, await loginAs('game-hostile'));
  });

  it.each([
    ['not JSON', '{choice'],
    ['an unknown type', { type: 'cheat' }],
    ['choice 7', { type: 'choice', value: 7 }],
    ['a choice outside a round', { type: 'choice', value: 1 }],
    ['a face before joining', { type: 'face', value: 'x' }],
    ['a control character in a name', { type: 'hello', user: { nickName: 'a\u0007' } }],
  ])('%s -> an error frame, and the connection stays', async (_name, frame) => {
    const since = p.frames.length;
    p.send(frame);
    expect((await p.next('error', () => true, 2000, since)).error).toBe('ERR_INVALID_INPUT');
    p.send({ type: 'hello' });
    await p.next('hi', () => true, 2000, since);
  });

  it('a binary frame is refused with an error frame', async () => {
    const since = p.frames.length;
    p.ws.send(Buffer.from([1, 2, 3]));
    expect((await p.next('error', () => true, 2000, since)).message).toContain('binary');
  });

  it('a 1 MiB frame closes the connection with 1009 (message too big)', async () => {
    const big = await connect(wsUrl, await loginAs('game-big'));
    big.send({ type: 'face', value: 'x'.repeat(1024 * 1024) });
    expect((await big.closed).code).toBe(1009);
  });

  it('more than 20 invalid frames in a row close the connection with 1008 (policy violation)', async () => {
    const abuser = await connect(wsUrl, await loginAs('game-abuser'));
    for (let i = 0; i < 22; i++) {
      abuser.send('nope');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await abuser.closed).toMatchObject({ code: 1008, reason: 'too many invalid frames' });
  });

  it('a flood of frames over the rate gets one ERR_RATE_LIMITED a second, then a 1008 close', async () => {
    const flooder = await connect(wsUrl, await loginAs('game-flooder'));
    for (let i = 0; i < 150; i++) flooder.send(JSON.stringify({ type: 'leave' }));
    expect(await flooder.closed).toMatchObject({ code: 1008, reason: 'too many frames' });
    expect(flooder.frames.filter((f) => f.type === 'error' && f.error === 'ERR_RATE_LIMITED')).toHaveLength(
      1,
    );
  });
});
