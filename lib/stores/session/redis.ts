// Redis SessionStore. A session is one hash `<prefix>s:<uuid>` (fields in hash.ts); each user has a
// sorted set `<prefix>u:<appId>:<openId>` of their session uuids by creation time, for the cap.
// With replica reads on (a cluster), the check reads from a replica, and every write the check
// must see (a new session, an ended one, a changed user) waits for the slot's replicas
// (lib/platform/redis/replica.ts): a login is usable, and a logout final, as soon as they answer.
import type { UserView } from '../../../contract/wire.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import { awaitReplicas, hmgetFromReplica } from '../../platform/redis/replica.js';
import { FIELD_ORDER, fromHash, HASH_FIELDS, toHash } from './hash.js';
import { setSessionUser } from './set-user.lua.js';
import {
  type CreateOptions,
  EXPIRED_RETENTION_MS,
  expiresAt,
  type SessionRecord,
  type SessionStore,
  slideDue,
  slideStep,
} from './store.js';
import { userTag } from './tag.js';
import { touchSession } from './touch.lua.js';

export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** On a Redis Cluster, keys carry hash tags: a session's is its uuid's first 8 hex digits,
     * which for every session of a user are the user's tag, so one user's keys share a slot. */
    private readonly cluster = false,
    private readonly replicaReads = false,
  ) {
    setSessionUser.define(redis);
  }

  private sessionKey(uuid: string): string {
    return this.cluster ? `${this.prefix}s:{${uuid.slice(0, 8)}}:${uuid}` : `${this.prefix}s:${uuid}`;
  }

  /** `tag`: the user's, when a session uuid already tells it (its first 8 hex digits). */
  private userKey(appId: string, openId: string, tag?: string): string {
    return this.cluster
      ? `${this.prefix}u:{${tag ?? userTag(appId, openId)}}:${appId}:${openId}`
      : `${this.prefix}u:${appId}:${openId}`;
  }

  async create(r: SessionRecord, { maxPerUser }: CreateOptions): Promise<void> {
    if (this.cluster && !r.uuid.startsWith(userTag(r.appId, r.openId))) {
      throw new Error(
        'on a Redis Cluster a session uuid must start with its user tag (newSessionCredentials)',
      );
    }
    const key = this.sessionKey(r.uuid);
    const userKey = this.userKey(r.appId, r.openId, r.uuid.slice(0, 8));
    const ttl = expiresAt(r) - r.createdAt + EXPIRED_RETENTION_MS;
    const results = await withRedis(() =>
      this.redis
        .multi()
        .hset(key, toHash(r))
        .pexpire(key, ttl)
        .zadd(userKey, r.createdAt, r.uuid)
        .pexpire(userKey, r.absoluteExpiresAt - r.createdAt + EXPIRED_RETENTION_MS)
        .zrange(userKey, 0, -(maxPerUser + 1))
        .exec(),
    );
    const overflow = (results?.[4]?.[1] ?? []) as string[];
    if (overflow.length === 0) return withRedis(() => awaitReplicas(this.redis, this.replicaReads, key));
    await withRedis(async () => {
      await this.redis
        .multi()
        .del(...overflow.map((uuid) => this.sessionKey(uuid)))
        .zrem(userKey, ...overflow)
        .exec();
      await awaitReplicas(this.redis, this.replicaReads, userKey);
    });
  }

  /** A read (HMGET); the conditional write only when the slide is due (at most once a minute). */
  async touch(uuid: string, skeyHash: string, now: number): Promise<SessionRecord | null> {
    const key = this.sessionKey(uuid);
    const read = await withRedis(() =>
      hmgetFromReplica(
        this.redis,
        this.replicaReads,
        key,
        FIELD_ORDER.map((f) => HASH_FIELDS[f]),
      ),
    );
    const record = fromHash(uuid, read);
    if (!record || !slideDue(record, skeyHash, now)) return record;
    // The script checks again, atomically: a logout or another slide in between wins.
    const fields = await withRedis(() =>
      touchSession.run(
        this.redis,
        { session: key },
        { skeyHash, now, stepMs: slideStep(record), retentionMs: EXPIRED_RETENTION_MS },
      ),
    );
    return fields && fromHash(uuid, fields);
  }

  async delete(uuid: string): Promise<void> {
    const key = this.sessionKey(uuid);
    await withRedis(async () => {
      const [appId, openId] = await this.redis.hmget(key, HASH_FIELDS.appId, HASH_FIELDS.openId);
      const tx = this.redis.multi().del(key);
      if (appId && openId) tx.zrem(this.userKey(appId, openId, uuid.slice(0, 8)), uuid);
      await tx.exec();
      await awaitReplicas(this.redis, this.replicaReads, key);
    });
  }

  async updateUser(appId: string, openId: string, user: UserView): Promise<void> {
    const json = JSON.stringify(user);
    await withRedis(async () => {
      const uuids = await this.redis.zrange(this.userKey(appId, openId), 0, -1);
      const pipeline = this.redis.pipeline();
      for (const uuid of uuids)
        setSessionUser.queue(pipeline, { session: this.sessionKey(uuid) }, { user: json });
      await pipeline.exec();
      const first = uuids[0];
      if (first) await awaitReplicas(this.redis, this.replicaReads, this.sessionKey(first));
    });
  }
  async ofUser(appId: string, openId: string): Promise<SessionRecord[]> {
    return withRedis(async () => {
      const uuids = await this.redis.zrange(this.userKey(appId, openId), 0, -1);
      const fields = FIELD_ORDER.map((f) => HASH_FIELDS[f]);
      const pipeline = this.redis.pipeline();
      for (const uuid of uuids) pipeline.hmget(this.sessionKey(uuid), ...fields);
      const replies = (await pipeline.exec()) ?? [];
      return uuids.flatMap((uuid, i) => {
        const record = fromHash(uuid, (replies[i]?.[1] ?? []) as (string | null)[]);
        return record ? [record] : [];
      });
    });
  }

  /** One transaction on the user's slot (a user's sessions share it), so a retry finds what is left. */
  async deleteUser(appId: string, openId: string): Promise<string[]> {
    const userKey = this.userKey(appId, openId);
    return withRedis(async () => {
      const uuids = await this.redis.zrange(userKey, 0, -1);
      await this.redis
        .multi()
        .del(userKey, ...uuids.map((uuid) => this.sessionKey(uuid)))
        .exec();
      await awaitReplicas(this.redis, this.replicaReads, userKey);
      return uuids;
    });
  }
}
