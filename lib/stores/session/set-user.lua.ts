// setUser: replaces the user snapshot of a session that still exists (never recreates one).
// Returns 1.
import { defineScript } from '../../platform/redis/script.js';
import { HASH_FIELDS } from './hash.js';

export const setSessionUser = defineScript({
  name: 'weappSetSessionUser',
  keys: ['session'],
  args: ['user'],
  lua: `
if redis.call('EXISTS', session) == 1 then redis.call('HSET', session, '${HASH_FIELDS.user}', user) end
return 1`,
  decode: () => undefined,
});
