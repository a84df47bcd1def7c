// start: opens the next round of a full room until now + gameTime; only one caller succeeds.
// Returns the room, or nil.
import { defineScript } from '../../platform/redis/script.js';
import { decodeRoom, PRELUDE } from './room.lua.js';
import type { Room } from './store.js';

export const startScript = defineScript({
  name: 'weappGameStart',
  keys: ['room'],
  args: ['now', 'gameTime'],
  lua: `${PRELUDE}
local r = load()
if not r or r.state ~= 'full' then return false end
r.state = 'playing'
r.round = r.round + 1
r.deadline = tonumber(now) + tonumber(gameTime)
return save(r)`,
  decode: (reply) => decodeRoom<Room>(reply),
});
