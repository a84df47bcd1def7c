// join: puts a player in the oldest waiting room of someone else, or opens `newRoomId` for them;
// a player already in an open room gets that room back. Returns the room (JSON).
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const joinScript = defineScript({
  name: 'weappGameJoin',
  keys: ['lobby'],
  args: ['p', 'player', 'uid', 'newRoomId'],
  lua: `${PRELUDE}
local current = redis.call('GET', p..'player:'..uid)
if current then
  local mine = load(current)
  if mine and mine.state ~= 'closed' then return cjson.encode(mine) end
end
while true do
  local id = redis.call('LPOP', p..'waiting')
  if not id then break end
  local room = load(id)
  if room and room.state == 'waiting' and #room.players == 1 and room.players[1].uid ~= uid then
    table.insert(room.players, cjson.decode(player))
    room.state = 'full'
    redis.call('SET', p..'player:'..uid, id, 'PX', TTL)
    return save(room)
  end
end
local room = { id = newRoomId, players = { cjson.decode(player) }, state = 'waiting', round = 0, deadline = 0 }
redis.call('RPUSH', p..'waiting', room.id)
redis.call('SET', p..'player:'..uid, room.id, 'PX', TTL)
return save(room)`,
  decode: (reply) => decodeRoom<Room>(reply)!,
});
