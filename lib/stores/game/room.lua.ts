// What every game script starts with: rooms are JSON under `<p>room:<id>` with a one-hour TTL;
// a closed room is dropped at once with its scores (`drop` answers it one last time).
// `p` (the game's key prefix) is every script's first argument; the declared key `lobby` (the
// waiting list, `<p>waiting`) routes the script on a Redis Cluster, where `p` carries the hash
// tag {game} so all the game's keys share its slot.

export const ROOM_TTL_MS = 3_600_000;

export const PRELUDE = `
local TTL = ${ROOM_TTL_MS}
local function load(id)
  local raw = redis.call('GET', p..'room:'..id)
  if raw then return cjson.decode(raw) end
  return nil
end
local function save(room)
  redis.call('SET', p..'room:'..room.id, cjson.encode(room), 'PX', TTL)
  return cjson.encode(room)
end
local function drop(room)
  redis.call('DEL', p..'room:'..room.id, p..'score:'..room.id, p..'choice:'..room.id..':'..room.round)
  return cjson.encode(room)
end`;

/** A room as a script returns it (JSON), or null. cjson turns an empty array into {}. */
export function decodeRoom<R extends { players: unknown[] }>(reply: unknown): R | null {
  if (typeof reply !== 'string') return null;
  const room = JSON.parse(reply) as R;
  return { ...room, players: Array.isArray(room.players) ? room.players : [] };
}
