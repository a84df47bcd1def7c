// settle: ends a round; only the first caller gets the settlement. The rules of rules.ts, in Lua
// (one GameStore contract suite runs both stores). When a human player has stopped heartbeating
// (`dead`: their uids as a JSON list, read by the caller from their own keys), the room is closed
// instead. Returns {'closed', room} or {'results', room, results}, or nil.
import type { RoundResult } from '../../../contract/game.js';
import { defineScript } from '../../platform/redis/script.js';
import { DROP, decodeRoom, PRELUDE } from './room.lua.js';
import type { Room, Settlement } from './store.js';

export const settleScript = defineScript({
  name: 'weappGameSettle',
  keys: ['room', 'score', 'choice'],
  args: ['round', 'robotChoice', 'dead'],
  lua: `${PRELUDE}${DROP}
local r = load()
if not r or r.state ~= 'playing' or r.round ~= tonumber(round) then return false end
local gone, living, lost = {}, {}, 0
for _, uid in ipairs(cjson.decode(dead)) do gone[uid] = true end
for _, player in ipairs(r.players) do
  if player.robot or not gone[player.uid] then table.insert(living, player) else lost = lost + 1 end
end
if lost > 0 then
  r.players = living
  r.state = 'closed'
  return { 'closed', drop(r) }
end
local chosen = {}
local flat = redis.call('HGETALL', choice)
for i = 1, #flat, 2 do
  local inRound, pick = string.match(flat[i + 1], '^(%d+),(%d)$')
  if tonumber(inRound) == r.round then chosen[flat[i]] = tonumber(pick) end
end
redis.call('DEL', choice)
local function beats(a, b) return (a == 1 and b == 2) or (a == 2 and b == 3) or (a == 3 and b == 1) end
local function pair(mine, theirs)
  if mine and (not theirs or beats(mine, theirs)) then return 1 end
  if theirs and (not mine or beats(theirs, mine)) then return -1 end
  return 0
end
local choices = {}
for i, player in ipairs(r.players) do
  if player.robot then choices[i] = tonumber(robotChoice) else choices[i] = chosen[player.uid] end
end
local results = {}
for i, player in ipairs(r.players) do
  local base = 0
  for j = 1, #r.players do
    if j ~= i then base = base + pair(choices[i], choices[j]) end
  end
  local total, streak = 0, 0
  local before = redis.call('HGET', score, player.uid)
  if before then
    local t, s = string.match(before, '^(-?%d+),(%d+)$')
    total, streak = tonumber(t), tonumber(s)
  end
  local roundScore = base
  if base > 0 then streak = streak + 1 roundScore = base * streak else streak = 0 end
  total = total + roundScore
  redis.call('HSET', score, player.uid, total..','..streak)
  local played = choices[i]
  if played == nil then played = cjson.null end
  table.insert(results, { uid = player.uid, choice = played, roundScore = roundScore, totalScore = total, winStreak = streak })
end
redis.call('PEXPIRE', score, TTL)
r.state = 'full'
return { 'results', save(r), cjson.encode(results) }`,
  decode: (reply): Settlement | null => {
    if (!Array.isArray(reply)) return null;
    const room = decodeRoom<Room>(reply[1])!;
    if (reply[0] === 'closed') return { room, closed: room.players };
    return { room, results: JSON.parse(String(reply[2])) as RoundResult[] };
  },
});
