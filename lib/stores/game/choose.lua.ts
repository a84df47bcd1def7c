// choose: records a player's choice in the open round, before its deadline. Returns 1 or 0.
import { defineScript } from '../../platform/redis/script.js';
import { PRELUDE } from './room.lua.js';

export const chooseScript = defineScript({
  name: 'weappGameChoose',
  keys: ['lobby'],
  args: ['p', 'roomId', 'round', 'uid', 'choice', 'now'],
  lua: `${PRELUDE}
local room = load(roomId)
if not room or room.state ~= 'playing' or room.round ~= tonumber(round) or tonumber(now) >= room.deadline then return 0 end
for _, player in ipairs(room.players) do
  if player.uid == uid then
    local key = p..'choice:'..room.id..':'..room.round
    redis.call('HSET', key, uid, choice)
    redis.call('PEXPIRE', key, 600000)
    return 1
  end
end
return 0`,
  decode: (reply) => reply === 1,
});
