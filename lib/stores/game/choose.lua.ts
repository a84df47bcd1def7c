// choose: records a player's choice in the open round, before its deadline, as `round,choice`
// under their uid in the room's `choice` hash. Returns 1 or 0.
import { defineScript } from '../../platform/redis/script.js';
import { PRELUDE } from './room.lua.js';

export const chooseScript = defineScript({
  name: 'weappGameChoose',
  keys: ['room', 'choice'],
  args: ['round', 'uid', 'pick', 'now'],
  lua: `${PRELUDE}
local r = load()
if not r or r.state ~= 'playing' or r.round ~= tonumber(round) or tonumber(now) >= r.deadline then return 0 end
for _, player in ipairs(r.players) do
  if player.uid == uid then
    redis.call('HSET', choice, uid, r.round..','..pick)
    redis.call('PEXPIRE', choice, 600000)
    return 1
  end
end
return 0`,
  decode: (reply) => reply === 1,
});
