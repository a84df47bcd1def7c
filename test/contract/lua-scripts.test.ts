// Every Lua script compiles on the real Redis (SCRIPT LOAD) and reads its inputs by name. How each
// behaves is the business of its store's contract suite.
import { afterAll, describe, expect, it } from 'vitest';
import { chooseScript } from '../../lib/stores/game/choose.lua.js';
import { joinScript } from '../../lib/stores/game/join.lua.js';
import { leaveScript } from '../../lib/stores/game/leave.lua.js';
import { robotScript } from '../../lib/stores/game/robot.lua.js';
import { decodeRoom } from '../../lib/stores/game/room.lua.js';
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
  joinScript,
  robotScript,
  leaveScript,
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
});

it('a room reply keeps a list of players even when cjson made {} of an empty one', () => {
  expect(decodeRoom('{"id":"r","players":{}}')).toEqual({ id: 'r', players: [] });
  expect(decodeRoom(null)).toBeNull();
});
