// leave: takes the player out and closes their room, releasing the others in it; the closed room
// is deleted at once. Returns it with those left, or nil when the player was in no open room.
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const leaveScript = defineScript({
  name: 'weappGameLeave',
  keys: ['lobby'],
  args: ['p', 'uid'],
  lua: `${PRELUDE}
local id = redis.call('GET', p..'player:'..uid)
redis.call('DEL', p..'player:'..uid)
if not id then return false end
local room = load(id)
if not room or room.state == 'closed' then return false end
local keep = {}
for _, player in ipairs(room.players) do
  if player.uid ~= uid then table.insert(keep, player) end
end
room.players = keep
room.state = 'closed'
redis.call('LREM', p..'waiting', 0, id)
for _, player in ipairs(keep) do
  if redis.call('GET', p..'player:'..player.uid) == id then redis.call('DEL', p..'player:'..player.uid) end
end
return drop(room)`,
  decode: (reply) => decodeRoom<Room>(reply),
});
