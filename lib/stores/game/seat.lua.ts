// Room scripts for matchmaking. peek: the room as it is now, read on the master (a script, so
// neither ioredis's replica reads nor a read/write-splitting proxy can answer it from a replica
// that lags behind the last transition). open: creates a waiting room for its first player (never over an
// existing one). seat: adds a second player (a person or the robot) while the room still waits for
// one and is not theirs. close: takes a player out and closes the room, releasing the others.
// Each answers the room (JSON) or nil; the lobby's bookkeeping is lobby.lua.ts.
import { defineScript } from '../../platform/redis/script.js';
import { DROP, decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const peekScript = defineScript({
  name: 'weappGamePeek',
  keys: ['room'],
  args: [],
  lua: `return redis.call('GET', room)`,
  decode: (reply) => decodeRoom<Room>(reply),
});

export const openScript = defineScript({
  name: 'weappGameOpen',
  keys: ['room'],
  args: ['id', 'player'],
  lua: `${PRELUDE}
if redis.call('EXISTS', room) == 1 then return false end
return save({ id = id, players = { cjson.decode(player) }, state = 'waiting', round = 0, deadline = 0 })`,
  decode: (reply) => decodeRoom<Room>(reply),
});

export const seatScript = defineScript({
  name: 'weappGameSeat',
  keys: ['room'],
  args: ['player'],
  lua: `${PRELUDE}
local r = load()
local newcomer = cjson.decode(player)
if not r or r.state ~= 'waiting' or #r.players ~= 1 or r.players[1].uid == newcomer.uid then return false end
table.insert(r.players, newcomer)
r.state = 'full'
return save(r)`,
  decode: (reply) => decodeRoom<Room>(reply),
});

export const closeScript = defineScript({
  name: 'weappGameClose',
  keys: ['room', 'score', 'choice'],
  args: ['uid'],
  lua: `${PRELUDE}${DROP}
local r = load()
if not r or r.state == 'closed' then return false end
local keep, found = {}, false
for _, player in ipairs(r.players) do
  if player.uid == uid then found = true else table.insert(keep, player) end
end
if not found then return false end
r.players = keep
r.state = 'closed'
return drop(r)`,
  decode: (reply) => decodeRoom<Room>(reply),
});
