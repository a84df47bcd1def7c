// Two players on two separate game processes (built artifacts on SCF's Node.js 18.15), sharing one
// real Redis: three scored rounds; then one process is killed mid-round and the other player is
// told and can join a new room.
import { connect as tcp } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gameUid } from '../../lib/stores/game/uid.js';
import { connect, type GamePlayer, type GameProcess, startGameProcess } from '../support/game-client.js';
import { loginAs, type Session } from '../support/login.js';
import { redisEnv } from '../support/redis.js';

let one: GameProcess;
let two: GameProcess;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  const env = {
    ...redisEnv(),
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX!,
    GAME_TIME_MS: '700',
    GAME_PAUSE_MS: '200',
    GAME_ROBOT_WAIT_MS: '30000',
  };
  [one, two] = await Promise.all([startGameProcess(env), startGameProcess(env)]);
  alice = await loginAs('game-alice');
  bob = await loginAs('game-bob');
});
afterAll(async () => {
  a?.ws.terminate();
  b?.ws.terminate();
  await Promise.all([one?.kill(), two?.kill()]);
});

const uidOf = (s: Session) => gameUid(s.data.user ? 'wxdevstub0000000' : '', s.data.user.openId);

let a: GamePlayer;
let b: GamePlayer;

it('the built game function drops an upgrade to `http://[/` and keeps serving (it once died of it)', async () => {
  const url = new URL(one.url);
  const answer = await new Promise<string>((resolve) => {
    const socket = tcp(Number(url.port), url.hostname);
    let text = '';
    socket.on('data', (c) => {
      text += c;
    });
    socket.on('close', () => resolve(text));
    socket.write(
      'GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
  expect(answer).toBe('');
  const health = await fetch(`http://${url.host}/`);
  expect(health.status).toBe(200);
});

it('plays three rounds across two instances; scores and streaks add up', async () => {
  a = await connect(one.url, alice);
  b = await connect(two.url, bob);
  a.send({ type: 'hello', user: { nickName: 'A' } });
  expect((await a.next('hi')).message).toContain('A');
  a.send({ type: 'join' });
  const waiting = await a.next('room');
  expect(waiting.full).toBe(false);
  b.send({ type: 'join' });
  const [roomA, roomB] = await Promise.all([a.next('room', (r) => r.full), b.next('room', (r) => r.full)]);
  expect(roomA.roomId).toBe(waiting.roomId);
  expect(roomB.roomId).toBe(waiting.roomId);
  expect(roomA.users.map((u) => u.uid).sort()).toEqual([uidOf(alice), uidOf(bob)].sort());

  const plays: Array<[1 | 2 | 3, 1 | 2 | 3]> = [
    [1, 2],
    [1, 2],
    [2, 1],
  ];
  const expected = [
    { a: [1, 1, 1], b: [-1, -1, 0] },
    { a: [2, 3, 2], b: [-1, -2, 0] },
    { a: [-1, 2, 0], b: [1, -1, 1] },
  ];
  for (const [i, [ca, cb]] of plays.entries()) {
    const round = i + 1;
    await Promise.all([a.next('start', (s) => s.round === round), b.next('start', (s) => s.round === round)]);
    a.send({ type: 'choice', value: ca });
    b.send({ type: 'choice', value: cb });
    const moved = await b.next('movement', (m) => m.uid === uidOf(alice) && m.choice === true);
    expect(moved).not.toHaveProperty('value');
    const [resultA, resultB] = await Promise.all([
      a.next('result', (r) => r.round === round),
      b.next('result', (r) => r.round === round),
    ]);
    expect(resultA).toEqual(resultB);
    const of = (uid: string) => resultA.results.find((r) => r.uid === uid)!;
    expect([of(uidOf(alice)).roundScore, of(uidOf(alice)).totalScore, of(uidOf(alice)).winStreak]).toEqual(
      expected[i]!.a,
    );
    expect([of(uidOf(bob)).roundScore, of(uidOf(bob)).totalScore, of(uidOf(bob)).winStreak]).toEqual(
      expected[i]!.b,
    );
    expect(of(uidOf(alice)).choice).toBe(ca);
  }
});

it('killing one instance mid-round: the other player is told, then joins a new room', async () => {
  const next = await b.next('start', () => true, 5000, b.frames.length);
  await one.kill('SIGKILL');
  const told = await b.next('room', (r) => !r.full && r.roomId === next.roomId, 12_000);
  expect(told.users.map((u) => u.uid)).toEqual([uidOf(bob)]);
  b.send({ type: 'join' });
  const fresh = await b.next('room', (r) => r.roomId !== next.roomId);
  expect(fresh.users.map((u) => u.uid)).toEqual([uidOf(bob)]);
});
