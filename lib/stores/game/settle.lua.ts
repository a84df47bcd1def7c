// settle: ends a round; only the first caller gets the settlement. The rules of rules.ts, in Lua
// (one GameStore contract suite runs both stores). When a human player has stopped heartbeating,
// the room is closed instead. Returns {'closed', room} or {'results', room, results}, or nil.
import type { RoundResult } from '../../../contract/game.js';
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room, Settlement } from './store.js';

export const settleScript = defineScript({
  name: 'weappGameSettle',
  keys: ['lobby'],
  args: ['p', 'roomId', 'round', 'robotChoice'],
  lua: `${PRELUDE}
local room = load(roomId)
if not room or room.state ~= 'playing' or room.round ~= tonumber(round) then return false end
local living, dead = {}, {}
for _, player in ipairs(room.players) do
  if player.robot or redis.call('EXISTS', p..'alive:'..player.uid) == 1 then table.insert(living, player) else table.insert(dead, player) end
end
if #dead > 0 then
  room.players = living
  room.state = 'closed'
  for _, player in ipairs(living) do redis.call('DEL', p..'player:'..player.uid) end
  for _, player in ipairs(dead) do redis.call('DEL', p..'player:'..player.uid) end
  return { 'closed', drop(room) }
end
local choiceKey = p..'choice:'..room.id..':'..room.round
local chosen = {}
local flat = redis.call('HGETALL', choiceKey)
for i = 1, #flat, 2 do chosen[flat[i]] = tonumber(flat[i + 1]) end
redis.call('DEL', choiceKey)
local function beats(a, b) return (a == 1 and b == 2) or (a == 2 and b == 3) or (a == 3 and b == 1) end
local function pair(mine, theirs)
  if mine and (not theirs or beats(mine, theirs)) then return 1 end
  if theirs and (not mine or beats(theirs, mine)) then return -1 end
  return 0
end
local choices = {}
for i, player in ipairs(room.players) do
  if player.robot then choices[i] = tonumber(robotChoice) else choices[i] = chosen[player.uid] end
end
local scoreKey = p..'score:'..room.id
local results = {}
for i, player in ipairs(room.players) do
  local base = 0
  for j = 1, #room.players do
    if j ~= i then base = base + pair(choices[i], choices[j]) end
  end
  local total, streak = 0, 0
  local before = redis.call('HGET', scoreKey, player.uid)
  if before then
    local t, s = string.match(before, '^(-?%d+),(%d+)$')
    total, streak = tonumber(t), tonumber(s)
  end
  local roundScore = base
  if base > 0 then streak = streak + 1 roundScore = base * streak else streak = 0 end
  total = total + roundScore
  redis.call('HSET', scoreKey, player.uid, total..','..streak)
  local choice = choices[i]
  if choice == nil then choice = cjson.null end
  table.insert(results, { uid = player.uid, choice = choice, roundScore = roundScore, totalScore = total, winStreak = streak })
end
redis.call('PEXPIRE', scoreKey, TTL)
room.state = 'full'
return { 'results', save(room), cjson.encode(results) }`,
  decode: (reply): Settlement | null => {
    if (!Array.isArray(reply)) return null;
    const room = decodeRoom<Room>(reply[1])!;
    if (reply[0] === 'closed') return { room, closed: room.players };
    return { room, results: JSON.parse(String(reply[2])) as RoundResult[] };
  },
});
