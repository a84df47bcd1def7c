// robot: seats the robot if the room still waits for a second player. Returns the room, or nil.
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const robotScript = defineScript({
  name: 'weappGameRobot',
  keys: ['lobby'],
  args: ['p', 'roomId', 'robot'],
  lua: `${PRELUDE}
local room = load(roomId)
if not room or room.state ~= 'waiting' or #room.players ~= 1 then return false end
table.insert(room.players, cjson.decode(robot))
room.state = 'full'
redis.call('LREM', p..'waiting', 0, room.id)
return save(room)`,
  decode: (reply) => decodeRoom<Room>(reply),
});
