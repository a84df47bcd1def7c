// releaseLock: deletes the lock only if this holder still owns it (compare and delete).
// Returns 1 when released, 0 when the lock had expired or passed to another holder.
import { defineScript } from '../../platform/redis/script.js';

export const releaseLock = defineScript({
  name: 'weappReleaseLock',
  keys: ['lock'],
  args: ['owner'],
  lua: `
if redis.call('GET', lock) == owner then return redis.call('DEL', lock) end
return 0`,
  decode: (reply) => reply === 1,
});
