// The Redis GameStore: each transition is one Lua script, so matchmaking, rounds and settlement are
// atomic across instances, and each room's events travel on its own pub/sub channel. Keys are
// built inside the scripts from one prefix (standard Redis; not for Redis Cluster).
import type { Redis } from 'ioredis';
import { withRedis } from '../../platform/redis/client.js';
import type { Player, ServerFrame } from '../../features/game/protocol.js';
import type { Choice, RoundOutcome } from './rules.js';
import type { GameStore, Room, Settlement } from './store.js';

const TTL = 'local TTL = 3600000';
const DECODE = `local function load(p, id) local raw = redis.call('GET', p..'room:'..id) if raw then return cjson.decode(raw) end return nil end`;
const SAVE = `local function save(p, room) redis.call('SET', p..'room:'..room.id, cjson.encode(room), 'PX', TTL) return cjson.encode(room) end`;
const PRELUDE = `${TTL}\n${DECODE}\n${SAVE}\nlocal p = ARGV[1]\n`;

const JOIN = `${PRELUDE}
local uid = ARGV[3]
local current = redis.call('GET', p..'player:'..uid)
if current then
  local mine = load(p, current)
  if mine and mine.state ~= 'closed' then return cjson.encode(mine) end
end
while true do
  local id = redis.call('LPOP', p..'waiting')
  if not id then break end
  local room = load(p, id)
  if room and room.state == 'waiting' and #room.players == 1 and room.players[1].uid ~= uid then
    table.insert(room.players, cjson.decode(ARGV[2]))
    room.state = 'full'
    redis.call('SET', p..'player:'..uid, id, 'PX', TTL)
    return save(p, room)
  end
end
local room = { id = ARGV[4], players = { cjson.decode(ARGV[2]) }, state = 'waiting', round = 0, deadline = 0 }
redis.call('RPUSH', p..'waiting', room.id)
redis.call('SET', p..'player:'..uid, room.id, 'PX', TTL)
return save(p, room)`;

const ROBOT = `${PRELUDE}
local room = load(p, ARGV[2])
if not room or room.state ~= 'waiting' or #room.players ~= 1 then return false end
table.insert(room.players, cjson.decode(ARGV[3]))
room.state = 'full'
redis.call('LREM', p..'waiting', 0, room.id)
return save(p, room)`;

const LEAVE = `${PRELUDE}
local id = redis.call('GET', p..'player:'..ARGV[2])
redis.call('DEL', p..'player:'..ARGV[2])
if not id then return false end
local room = load(p, id)
if not room or room.state == 'closed' then return false end
local keep = {}
for _, player in ipairs(room.players) do
  if player.uid ~= ARGV[2] then table.insert(keep, player) end
end
room.players = keep
room.state = 'closed'
redis.call('LREM', p..'waiting', 0, id)
for _, player in ipairs(keep) do
  if redis.call('GET', p..'player:'..player.uid) == id then redis.call('DEL', p..'player:'..player.uid) end
end
return save(p, room)`;

const START = `${PRELUDE}
local room = load(p, ARGV[2])
if not room or room.state ~= 'full' then return false end
room.state = 'playing'
room.round = room.round + 1
room.deadline = tonumber(ARGV[3]) + tonumber(ARGV[4])
return save(p, room)`;

const CHOOSE = `${PRELUDE}
local room = load(p, ARGV[2])
if not room or room.state ~= 'playing' or room.round ~= tonumber(ARGV[3]) or tonumber(ARGV[6]) >= room.deadline then return 0 end
for _, player in ipairs(room.players) do
  if player.uid == ARGV[4] then
    local key = p..'choice:'..room.id..':'..room.round
    redis.call('HSET', key, ARGV[4], ARGV[5])
    redis.call('PEXPIRE', key, 600000)
    return 1
  end
end
return 0`;

// The rules of rules.ts, in Lua: the GameStore contract suite runs both stores.
const SETTLE = `${PRELUDE}
local room = load(p, ARGV[2])
if not room or room.state ~= 'playing' or room.round ~= tonumber(ARGV[3]) then return false end
local living, dead = {}, {}
for _, player in ipairs(room.players) do
  if player.robot or redis.call('EXISTS', p..'alive:'..player.uid) == 1 then table.insert(living, player) else table.insert(dead, player) end
end
if #dead > 0 then
  room.players = living
  room.state = 'closed'
  for _, player in ipairs(living) do redis.call('DEL', p..'player:'..player.uid) end
  for _, player in ipairs(dead) do redis.call('DEL', p..'player:'..player.uid) end
  return { 'closed', save(p, room) }
end
local choiceKey = p..'choice:'..room.id..':'..room.round
local chosen = {}
local flat = redis.call('HGETALL', choiceKey)
for i = 1, #flat, 2 do chosen[flat[i]] = tonumber(flat[i + 1]) end
redis.call('DEL', choiceKey)
local function beats(a, b) return (a == 1 and b == 2) or (a == 2 and b == 3) or (a == 3 and b == 1) end
local function pair(mine, theirs)
  if mine and (not theirs or beats(mine, theirs)) then return 1 end
  if theirs and (not mine or beats(theirs, mine)) then return -1 end
  return 0
end
local choices = {}
for i, player in ipairs(room.players) do
  if player.robot then choices[i] = tonumber(ARGV[4]) else choices[i] = chosen[player.uid] end
end
local scoreKey = p..'score:'..room.id
local results = {}
for i, player in ipairs(room.players) do
  local base = 0
  for j = 1, #room.players do
    if j ~= i then base = base + pair(choices[i], choices[j]) end
  end
  local total, streak = 0, 0
  local before = redis.call('HGET', scoreKey, player.uid)
  if before then
    local t, s = string.match(before, '^(-?%d+),(%d+)$')
    total, streak = tonumber(t), tonumber(s)
  end
  local roundScore = base
  if base > 0 then streak = streak + 1 roundScore = base * streak else streak = 0 end
  total = total + roundScore
  redis.call('HSET', scoreKey, player.uid, total..','..streak)
  local choice = choices[i]
  if choice == nil then choice = cjson.null end
  table.insert(results, { uid = player.uid, choice = choice, roundScore = roundScore, totalScore = total, winStreak = streak })
end
redis.call('PEXPIRE', scoreKey, TTL)
room.state = 'full'
return { 'results', save(p, room), cjson.encode(results) }`;

interface GameCommands {
  gameJoin(prefix: string, player: string, uid: string, newRoomId: string): Promise<string>;
  gameRobot(prefix: string, roomId: string, robot: string): Promise<string | null>;
  gameLeave(prefix: string, uid: string): Promise<string | null>;
  gameStart(prefix: string, roomId: string, now: string, gameTime: string): Promise<string | null>;
  gameChoose(
    prefix: string,
    roomId: string,
    round: string,
    uid: string,
    choice: string,
    now: string,
  ): Promise<number>;
  gameSettle(prefix: string, roomId: string, round: string, robotChoice: string): Promise<string[] | null>;
}

/** cjson turns an empty array into {}; a room always has a list of players. */
function room(raw: string | null): Room | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as Room;
  return { ...parsed, players: Array.isArray(parsed.players) ? parsed.players : [] };
}

export class RedisGameStore implements GameStore {
  private readonly redis: Redis & GameCommands;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<(frame: ServerFrame) => void>>();
  private readonly prefix: string;

  constructor(redis: Redis, keyPrefix: string) {
    const commands: Record<string, string> = {
      gameJoin: JOIN,
      gameRobot: ROBOT,
      gameLeave: LEAVE,
      gameStart: START,
      gameChoose: CHOOSE,
      gameSettle: SETTLE,
    };
    for (const [name, lua] of Object.entries(commands)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    this.redis = redis as Redis & GameCommands;
    this.prefix = `${keyPrefix}game:`;
  }

  async join(player: Player, newRoomId: string): Promise<Room> {
    return room(
      await withRedis(() => this.redis.gameJoin(this.prefix, JSON.stringify(player), player.uid, newRoomId)),
    )!;
  }

  async fillWithRobot(roomId: string, robot: Player): Promise<Room | null> {
    return room(await withRedis(() => this.redis.gameRobot(this.prefix, roomId, JSON.stringify(robot))));
  }

  async leave(uid: string): Promise<Room | null> {
    return room(await withRedis(() => this.redis.gameLeave(this.prefix, uid)));
  }

  async startRound(roomId: string, now: number, gameTimeMs: number): Promise<Room | null> {
    return room(
      await withRedis(() => this.redis.gameStart(this.prefix, roomId, String(now), String(gameTimeMs))),
    );
  }

  async choose(roomId: string, round: number, uid: string, choice: Choice, now: number): Promise<boolean> {
    const ok = await withRedis(() =>
      this.redis.gameChoose(this.prefix, roomId, String(round), uid, String(choice), String(now)),
    );
    return ok === 1;
  }

  async settle(roomId: string, round: number, robotChoice: Choice): Promise<Settlement | null> {
    const answer = await withRedis(() =>
      this.redis.gameSettle(this.prefix, roomId, String(round), String(robotChoice)),
    );
    if (!answer) return null;
    const settled = room(answer[1] ?? null)!;
    if (answer[0] === 'closed') return { room: settled, closed: settled.players };
    return { room: settled, results: JSON.parse(answer[2]!) as RoundOutcome[] };
  }

  async heartbeat(uids: readonly string[], ttlMs: number): Promise<void> {
    if (uids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const uid of uids) pipeline.set(`${this.prefix}alive:${uid}`, '1', 'PX', ttlMs);
    await withRedis(() => pipeline.exec());
  }

  async waitingCount(): Promise<number> {
    return withRedis(() => this.redis.llen(`${this.prefix}waiting`));
  }

  async publish(roomId: string, frame: ServerFrame): Promise<void> {
    await withRedis(() => this.redis.publish(`${this.prefix}room:${roomId}`, JSON.stringify(frame)));
  }

  private channelSubscriber(): Redis {
    if (!this.subscriber) {
      const sub = this.redis.duplicate();
      sub.on('error', () => {});
      sub.on('message', (channel: string, message: string) => {
        const frame = JSON.parse(message) as ServerFrame;
        for (const listener of this.listeners.get(channel) ?? []) listener(frame);
      });
      this.subscriber = sub;
    }
    return this.subscriber;
  }

  async subscribe(roomId: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>> {
    const channel = `${this.prefix}room:${roomId}`;
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener);
    if (set.size === 1) await withRedis(() => this.channelSubscriber().subscribe(channel));
    return async () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        await withRedis(() => this.channelSubscriber().unsubscribe(channel)).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
  }
}
