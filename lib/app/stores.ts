// Each store from its connection, or its embedded implementation when the service is not
// configured (local runs only; config refuses that on SCF).
import type { Clock } from '../platform/clock.js';
import { MemoryAlbumOwnerStore } from '../stores/album-owner/memory.js';
import { RedisAlbumOwnerStore } from '../stores/album-owner/redis.js';
import type { AlbumOwnerStore } from '../stores/album-owner/store.js';
import { MemoryAuditStore } from '../stores/audit/memory.js';
import { MongoAuditStore } from '../stores/audit/mongo.js';
import type { AuditStore } from '../stores/audit/store.js';
import { MemoryCodeSessionStore } from '../stores/code-session/memory.js';
import { RedisCodeSessionStore } from '../stores/code-session/redis.js';
import type { CodeSessionStore } from '../stores/code-session/store.js';
import { MemoryCommentStore } from '../stores/comment/memory.js';
import { MongoCommentStore } from '../stores/comment/mongo.js';
import type { CommentStore } from '../stores/comment/store.js';
import { MemoryDrawingStore } from '../stores/drawing/memory.js';
import { MongoDrawingStore } from '../stores/drawing/mongo.js';
import type { DrawingStore } from '../stores/drawing/store.js';
import { MemoryGameStore } from '../stores/game/memory.js';
import { RedisGameStore } from '../stores/game/redis.js';
import type { GameStore } from '../stores/game/store.js';
import { MemoryImageStore } from '../stores/image/memory.js';
import { MongoImageStore } from '../stores/image/mongo.js';
import type { ImageStore } from '../stores/image/store.js';
import { MemoryNonceStore } from '../stores/nonce/memory.js';
import { RedisNonceStore } from '../stores/nonce/redis.js';
import type { NonceStore } from '../stores/nonce/store.js';
import { memoryRateLimiter } from '../stores/rate-limit/memory.js';
import { redisRateLimiter } from '../stores/rate-limit/redis.js';
import type { RateLimiter } from '../stores/rate-limit/store.js';
import { MemorySessionStore } from '../stores/session/memory.js';
import { RedisSessionStore } from '../stores/session/redis.js';
import type { SessionStore } from '../stores/session/store.js';
import { MemoryTokenStore } from '../stores/token/memory.js';
import { RedisTokenStore } from '../stores/token/redis.js';
import type { TokenStore } from '../stores/token/store.js';
import { MemoryUserStore } from '../stores/user/memory.js';
import { MongoUserStore } from '../stores/user/mongo.js';
import type { UserStore } from '../stores/user/store.js';
import { MemoryVideoStore } from '../stores/video/memory.js';
import { MongoVideoStore } from '../stores/video/mongo.js';
import type { VideoStore } from '../stores/video/store.js';
import type { Connections } from './connections.js';
import type { Lifetime } from './lifetime.js';
import { unconfigured } from './unconfigured.js';

export interface Stores {
  sessions: SessionStore;
  tokens: TokenStore;
  codes: CodeSessionStore;
  game: GameStore;
  users: UserStore;
  drawings: DrawingStore;
  videos: VideoStore;
  comments: CommentStore;
  audit: AuditStore;
  images: ImageStore;
  owners: AlbumOwnerStore;
  nonces: NonceStore;
  /** `points` per `durationSeconds` (a minute unless said). */
  limiter(name: string, points: number, durationSeconds?: number): RateLimiter;
}

/** Outside SCF a service that is not configured runs embedded. On SCF config requires every part
 * the function declared, so a missing service is one it did not declare: its stores refuse use. */
export function buildStores(
  { redis, mongo }: Connections,
  clock: Clock,
  lifetime: Lifetime,
  onScf = false,
): Stores {
  type Redis = NonNullable<Connections['redis']>;
  type Db = NonNullable<Connections['mongo']>['db'];
  const withRedis = <T extends object>(real: (r: Redis) => T, embedded: () => T): T =>
    redis ? real(redis) : onScf ? unconfigured<T>('Redis (REDIS_URL)') : embedded();
  const withMongo = <T extends object>(real: (db: Db) => T, embedded: () => T): T =>
    mongo ? real(mongo.db) : onScf ? unconfigured<T>('MongoDB (MONGO_URL)') : embedded();
  return {
    sessions: withRedis<SessionStore>(
      (r) => new RedisSessionStore(r.client, r.prefix, r.cluster, r.replicaReads),
      () => new MemorySessionStore(),
    ),
    tokens: withRedis<TokenStore>(
      (r) => new RedisTokenStore(r.client, r.prefix),
      () => new MemoryTokenStore(clock),
    ),
    codes: withRedis<CodeSessionStore>(
      (r) => new RedisCodeSessionStore(r.client, r.prefix),
      () => new MemoryCodeSessionStore(clock),
    ),
    game: lifetime.own<GameStore>(
      withRedis<GameStore>(
        (r) => new RedisGameStore(r.client, r.prefix),
        () => new MemoryGameStore(clock),
      ),
      (game) => game.close(),
    ),
    users: withMongo<UserStore>(
      (db) => new MongoUserStore(db),
      () => new MemoryUserStore(),
    ),
    drawings: withMongo<DrawingStore>(
      (db) => new MongoDrawingStore(db),
      () => new MemoryDrawingStore(),
    ),
    videos: withMongo<VideoStore>(
      (db) => new MongoVideoStore(db),
      () => new MemoryVideoStore(),
    ),
    comments: withMongo<CommentStore>(
      (db) => new MongoCommentStore(db),
      () => new MemoryCommentStore(),
    ),
    audit: withMongo<AuditStore>(
      (db) => new MongoAuditStore(db),
      () => new MemoryAuditStore(),
    ),
    images: withMongo<ImageStore>(
      (db) => new MongoImageStore(db),
      () => new MemoryImageStore(),
    ),
    owners: withRedis<AlbumOwnerStore>(
      (r) => new RedisAlbumOwnerStore(r.client, r.prefix),
      () => new MemoryAlbumOwnerStore(clock),
    ),
    nonces: withRedis<NonceStore>(
      (r) => new RedisNonceStore(r.client, r.prefix),
      () => new MemoryNonceStore(clock),
    ),
    limiter: (name, points, durationSeconds = 60) => {
      const limit = { name, points, durationSeconds };
      return withRedis<RateLimiter>(
        (r) => redisRateLimiter(limit, r.client, r.prefix),
        () => memoryRateLimiter(limit),
      );
    },
  };
}
