// Lobby scripts: the waiting list and who is in which room, in the lobby's slot (keys.ts). They
// never read a room: the room scripts (seat.lua.ts) decide whether a seat is still free, and the
// store (redis.ts) undoes a claim the room refused.
import { defineScript } from '../../platform/redis/script.js';
import { ROOM_TTL_MS } from './room.lua.js';

export type Claim = { kind: 'current' | 'seat' | 'listed'; roomId: string };

/** The player's current room; else (when `pop` is 1) the oldest waiting room of someone else,
 * taken off the list and noted as theirs; else their own new room `roomId` (already opened by the
 * caller), listed as waiting and noted as theirs. One script, so two lonely players at once meet. */
export const claimScript = defineScript({
  name: 'weappGameClaim',
  keys: ['waiting', 'player'],
  args: ['uid', 'roomId', 'pop'],
  lua: `
local current = redis.call('GET', player)
if current then return { 'current', current } end
while pop == '1' do
  local entry = redis.call('LPOP', waiting)
  if not entry then break end
  local id, owner = string.match(entry, '^(%S+) (%S+)$')
  if id and owner ~= uid then
    redis.call('SET', player, id, 'PX', ${ROOM_TTL_MS})
    return { 'seat', id }
  end
end
redis.call('SET', player, roomId, 'PX', ${ROOM_TTL_MS})
redis.call('RPUSH', waiting, roomId..' '..uid)
return { 'listed', roomId }`,
  decode: (reply): Claim => {
    const [kind, roomId] = reply as [Claim['kind'], string];
    return { kind, roomId: String(roomId) };
  },
});

/** Forgets that the player is in `roomId` (and only that room). */
export const releaseScript = defineScript({
  name: 'weappGameRelease',
  keys: ['player'],
  args: ['roomId'],
  lua: `
if redis.call('GET', player) == roomId then redis.call('DEL', player) return 1 end
return 0`,
  decode: (reply) => reply === 1,
});

/** Takes the player out of the lobby: forgets their room and unlists it. Answers the room id. */
export const unlistScript = defineScript({
  name: 'weappGameUnlist',
  keys: ['waiting', 'player'],
  args: ['uid'],
  lua: `
local id = redis.call('GET', player)
if not id then return false end
redis.call('DEL', player)
redis.call('LREM', waiting, 0, id..' '..uid)
return id`,
  decode: (reply) => (typeof reply === 'string' ? reply : null),
});
