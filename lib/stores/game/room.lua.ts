// What every room script starts with. A room script's keys are the room's own (keys.ts: `room`,
// and `score`, `choice` where it uses them), all in the room's slot. The room is JSON under `room`
// with a one-hour TTL; `r` is the decoded room. A closed room is dropped at once with its scores
// and choices (`drop` answers it one last time).

export const ROOM_TTL_MS = 3_600_000;

export const PRELUDE = `
local TTL = ${ROOM_TTL_MS}
local function load()
  local raw = redis.call('GET', room)
  if raw then return cjson.decode(raw) end
  return nil
end
local function save(r)
  redis.call('SET', room, cjson.encode(r), 'PX', TTL)
  return cjson.encode(r)
end`;

/** For the scripts that declare `score` and `choice` as well. */
export const DROP = `
local function drop(r)
  redis.call('DEL', room, score, choice)
  return cjson.encode(r)
end`;

/** A room as a script returns it (JSON), or null. cjson turns an empty array into {}. */
export function decodeRoom<R extends { players: unknown[] }>(reply: unknown): R | null {
  if (typeof reply !== 'string') return null;
  const room = JSON.parse(reply) as R;
  return { ...room, players: Array.isArray(room.players) ? room.players : [] };
}
