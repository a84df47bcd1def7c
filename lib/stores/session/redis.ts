// Redis SessionStore. A session is one hash `<prefix>s:<uuid>`; each user has a sorted set
// `<prefix>u:<appId>:<openId>` of their session uuids by creation time, used for the 10-session cap.
import type { Redis } from 'ioredis';
import type { UserView } from '../../features/auth/user-view.js';
import { withRedis } from '../../platform/redis/client.js';
import {
  type CreateOptions,
  EXPIRED_RETENTION_MS,
  expiresAt,
  type SessionRecord,
  type SessionStore,
} from './store.js';

const FIELDS = ['h', 'a', 'o', 'k', 'c', 'l', 'x', 's', 'u'] as const;

// Reads the session and slides it only when the skey hash matches and it is still live, in one
// round trip. The authoritative skey comparison is repeated in constant time by the caller.
const TOUCH = `
local f = redis.call('HMGET', KEYS[1], 'h','a','o','k','c','l','x','s','u')
if not f[1] then return false end
local now = tonumber(ARGV[2])
local expires = math.min(tonumber(f[6]) + tonumber(f[8]), tonumber(f[7]))
if f[1] == ARGV[1] and now < expires then
  f[6] = ARGV[2]
  local nextExpiry = math.min(now + tonumber(f[8]), tonumber(f[7]))
  redis.call('HSET', KEYS[1], 'l', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], nextExpiry - now + tonumber(ARGV[3]))
end
return f`;

const SET_USER_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'u', ARGV[1]) end
return 1`;

interface SessionCommands {
  touchSession(
    key: string,
    skeyHash: string,
    now: string,
    retention: string,
  ): Promise<(string | null)[] | null>;
  setUserIfExists(key: string, user: string): Promise<number>;
}

export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis & SessionCommands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('touchSession', { numberOfKeys: 1, lua: TOUCH });
    redis.defineCommand('setUserIfExists', { numberOfKeys: 1, lua: SET_USER_IF_EXISTS });
    this.redis = redis as Redis & SessionCommands;
  }

  private sessionKey(uuid: string): string {
    return `${this.prefix}s:${uuid}`;
  }

  private userKey(appId: string, openId: string): string {
    return `${this.prefix}u:${appId}:${openId}`;
  }

  async create(r: SessionRecord, { maxPerUser }: CreateOptions): Promise<void> {
    const key = this.sessionKey(r.uuid);
    const userKey = this.userKey(r.appId, r.openId);
    const ttl = expiresAt(r) - r.createdAt + EXPIRED_RETENTION_MS;
    const results = await withRedis(() =>
      this.redis
        .multi()
        .hset(key, {
          h: r.skeyHash,
          a: r.appId,
          o: r.openId,
          k: r.sessionKey,
          c: r.createdAt,
          l: r.lastSeenAt,
          x: r.absoluteExpiresAt,
          s: r.slidingMs,
          u: JSON.stringify(r.user),
        })
        .pexpire(key, ttl)
        .zadd(userKey, r.createdAt, r.uuid)
        .pexpire(userKey, r.absoluteExpiresAt - r.createdAt + EXPIRED_RETENTION_MS)
        .zrange(userKey, 0, -(maxPerUser + 1))
        .exec(),
    );
    const overflow = (results?.[4]?.[1] ?? []) as string[];
    if (overflow.length === 0) return;
    await withRedis(() =>
      this.redis
        .multi()
        .del(...overflow.map((uuid) => this.sessionKey(uuid)))
        .zrem(userKey, ...overflow)
        .exec(),
    );
  }

  async touch(uuid: string, skeyHash: string, now: number): Promise<SessionRecord | null> {
    const f = await withRedis(() =>
      this.redis.touchSession(this.sessionKey(uuid), skeyHash, String(now), String(EXPIRED_RETENTION_MS)),
    );
    if (!f || f[0] == null) return null;
    const [h, a, o, k, c, l, x, s, u] = FIELDS.map((_, i) => f[i] ?? '');
    return {
      uuid,
      skeyHash: h!,
      appId: a!,
      openId: o!,
      sessionKey: k!,
      createdAt: Number(c),
      lastSeenAt: Number(l),
      absoluteExpiresAt: Number(x),
      slidingMs: Number(s),
      user: JSON.parse(u!) as UserView,
    };
  }

  async delete(uuid: string): Promise<void> {
    const key = this.sessionKey(uuid);
    await withRedis(async () => {
      const [appId, openId] = await this.redis.hmget(key, 'a', 'o');
      const tx = this.redis.multi().del(key);
      if (appId && openId) tx.zrem(this.userKey(appId, openId), uuid);
      await tx.exec();
    });
  }

  async listByUser(appId: string, openId: string): Promise<string[]> {
    const userKey = this.userKey(appId, openId);
    return withRedis(async () => {
      const uuids = await this.redis.zrange(userKey, 0, -1);
      if (uuids.length === 0) return [];
      const exists = await Promise.all(uuids.map((uuid) => this.redis.exists(this.sessionKey(uuid))));
      return uuids.filter((_, i) => exists[i] === 1);
    });
  }

  async updateUser(appId: string, openId: string, user: UserView): Promise<void> {
    const json = JSON.stringify(user);
    await withRedis(async () => {
      const uuids = await this.redis.zrange(this.userKey(appId, openId), 0, -1);
      const pipeline = this.redis.pipeline();
      for (const uuid of uuids) {
        (pipeline as unknown as SessionCommands).setUserIfExists(this.sessionKey(uuid), json);
      }
      await pipeline.exec();
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
