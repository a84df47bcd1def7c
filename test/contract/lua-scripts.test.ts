// Every Lua script compiles on the real Redis (SCRIPT LOAD), reads its inputs by name and touches
// only the keys it declares (what a Redis Cluster needs to route it). How each behaves is the
// business of its store's contract suite.
import { afterAll, describe, expect, it } from 'vitest';
import { chooseScript } from '../../lib/stores/game/choose.lua.js';
import { claimScript, releaseScript, unlistScript } from '../../lib/stores/game/lobby.lua.js';
import { decodeRoom } from '../../lib/stores/game/room.lua.js';
import { closeScript, openScript, peekScript, seatScript } from '../../lib/stores/game/seat.lua.js';
import { settleScript } from '../../lib/stores/game/settle.lua.js';
import { startScript } from '../../lib/stores/game/start.lua.js';
import { setSessionUser } from '../../lib/stores/session/set-user.lua.js';
import { touchSession } from '../../lib/stores/session/touch.lua.js';
import { releaseLock } from '../../lib/stores/token/release-lock.lua.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

const scripts = {
  touchSession,
  setSessionUser,
  releaseLock,
  claimScript,
  releaseScript,
  unlistScript,
  peekScript,
  openScript,
  seatScript,
  closeScript,
  startScript,
  chooseScript,
  settleScript,
};

describe.each(Object.entries(scripts))('%s', (_, script) => {
  it('compiles on Redis', async () => {
    const sha = await redis.script('LOAD', script.lua);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('uses no positional KEYS or ARGV outside its generated header', () => {
    const body = script.lua.split('\n').filter((line) => !/^local \w+ = (KEYS|ARGV)\[\d+\]$/.test(line));
    expect(body.join('\n')).not.toMatch(/\b(KEYS|ARGV)\[/);
  });

  it('names a declared key wherever a command takes one', () => {
    const calls = [...script.lua.matchAll(/redis\.call\('(\w+)',\s*([^)]*)\)/g)];
    expect(calls.length).toBeGreaterThan(0);
    for (const [, command, args] of calls) {
      const list = args!.split(',').map((a) => a.trim());
      // DEL and EXISTS take only keys; every other command here takes one key first.
      const keys = command === 'DEL' || command === 'EXISTS' ? list : list.slice(0, 1);
      for (const key of keys) expect(script.keys, `${command} ${key}`).toContain(key);
    }
  });
});

it('a room reply keeps a list of players even when cjson made {} of an empty one', () => {
  expect(decodeRoom('{"id":"r","players":{}}')).toEqual({ id: 'r', players: [] });
  expect(decodeRoom(null)).toBeNull();
});
