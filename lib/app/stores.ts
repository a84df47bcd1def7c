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
  limiter(name: string, pointsPerMinute: number): RateLimiter;
}

export function buildStores({ redis, mongo }: Connections, clock: Clock, lifetime: Lifetime): Stores {
  const db = mongo?.db;
  return {
    sessions: redis
      ? new RedisSessionStore(redis.client, redis.prefix, redis.cluster, redis.replicaReads)
      : new MemorySessionStore(),
    tokens: redis ? new RedisTokenStore(redis.client, redis.prefix) : new MemoryTokenStore(clock),
    codes: redis ? new RedisCodeSessionStore(redis.client, redis.prefix) : new MemoryCodeSessionStore(clock),
    game: lifetime.own<GameStore>(
      redis ? new RedisGameStore(redis.client, redis.prefix) : new MemoryGameStore(clock),
      (game) => game.close(),
    ),
    users: db ? new MongoUserStore(db) : new MemoryUserStore(),
    drawings: db ? new MongoDrawingStore(db) : new MemoryDrawingStore(),
    videos: db ? new MongoVideoStore(db) : new MemoryVideoStore(),
    comments: db ? new MongoCommentStore(db) : new MemoryCommentStore(),
    audit: db ? new MongoAuditStore(db) : new MemoryAuditStore(),
    images: db ? new MongoImageStore(db) : new MemoryImageStore(),
    owners: redis ? new RedisAlbumOwnerStore(redis.client, redis.prefix) : new MemoryAlbumOwnerStore(clock),
    limiter: (name, points) => {
      const limit = { name, points, durationSeconds: 60 };
      return redis ? redisRateLimiter(limit, redis.client, redis.prefix) : memoryRateLimiter(limit);
    },
  };
}
