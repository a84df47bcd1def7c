// touch: slides a session only when the skey hash matches, it is still live, and its last slide is
// at least stepMs old (the store calls it only when its read said so; this checks again,
// atomically). The caller repeats the skey comparison in constant time.
// Returns the stored fields in FIELD_ORDER (lastSeenAt moved when it slid), or nil for no session.
import { defineScript } from '../../platform/redis/script.js';
import { HASH_FIELDS, LUA_FIELD_LIST, luaIndex } from './hash.js';

const LAST_SEEN = luaIndex('lastSeenAt');
const SLIDING = luaIndex('slidingMs');
const ABSOLUTE = luaIndex('absoluteExpiresAt');

export const touchSession = defineScript({
  name: 'weappTouchSession',
  keys: ['session'],
  args: ['skeyHash', 'now', 'stepMs', 'retentionMs'],
  lua: `
local f = redis.call('HMGET', session, ${LUA_FIELD_LIST})
if not f[1] then return false end
local t = tonumber(now)
local expires = math.min(tonumber(f[${LAST_SEEN}]) + tonumber(f[${SLIDING}]), tonumber(f[${ABSOLUTE}]))
if f[1] == skeyHash and t < expires and t - tonumber(f[${LAST_SEEN}]) >= tonumber(stepMs) then
  f[${LAST_SEEN}] = now
  local nextExpiry = math.min(t + tonumber(f[${SLIDING}]), tonumber(f[${ABSOLUTE}]))
  redis.call('HSET', session, '${HASH_FIELDS.lastSeenAt}', now)
  redis.call('PEXPIRE', session, nextExpiry - t + tonumber(retentionMs))
end
return f`,
  decode: (reply) => (Array.isArray(reply) ? (reply as (string | null)[]) : null),
});
