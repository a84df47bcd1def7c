// start: opens the next round of a full room until now + gameTime; only one caller succeeds.
// Returns the room, or nil.
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const startScript = defineScript({
  name: 'weappGameStart',
  keys: ['lobby'],
  args: ['p', 'roomId', 'now', 'gameTime'],
  lua: `${PRELUDE}
local room = load(roomId)
if not room or room.state ~= 'full' then return false end
room.state = 'playing'
room.round = room.round + 1
room.deadline = tonumber(now) + tonumber(gameTime)
return save(room)`,
  decode: (reply) => decodeRoom<Room>(reply),
});
