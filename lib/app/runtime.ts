// The per-container runtime: config plus every client and store, created once on first use and
// reused by all invocations (and by all functions sharing this layer in one process).

import { randomBytes } from 'node:crypto';
import { SessionService } from '../features/auth/sessions.js';
import { sampleCatalogue } from '../features/comments/catalogue.js';
import { type Config, loadConfig } from '../platform/config/index.js';
import { CosPresigner } from '../platform/cos/presign.js';
import type { CosKeys } from '../platform/cos/sign.js';
import { StsClient } from '../integrations/cos/sts.js';
import { RedisGameStore } from '../stores/game/redis.js';
import { type GameStore, MemoryGameStore } from '../stores/game/store.js';
import { registerSecret } from '../platform/log.js';
import { BucketFiles } from '../stores/object/files.js';
import { createRateLimiter, type RateLimiter } from '../stores/rate-limit/limiter.js';
import type { CommentStore } from '../stores/comment/store.js';
import { CosObjectStore } from '../stores/object/cos.js';
import type { DrawingStore } from '../stores/drawing/store.js';
import { LocalObjectStore } from '../stores/object/local.js';
import { MemoryCommentStore, MemoryVideoStore } from '../stores/comment/memory.js';
import { MemoryDrawingStore } from '../stores/drawing/memory.js';
import { MemorySessionStore } from '../stores/session/memory.js';
import { MemoryUserStore } from '../stores/user/memory.js';
import { MongoConnection } from '../platform/mongo/connection.js';
import { MongoCommentStore, MongoVideoStore } from '../stores/comment/mongo.js';
import { MongoDrawingStore } from '../stores/drawing/mongo.js';
import { MongoUserStore } from '../stores/user/mongo.js';
import type { ObjectStore } from '../stores/object/store.js';
import { createRedisClient } from '../platform/redis/client.js';
import { RedisSessionStore } from '../stores/session/redis.js';
import type { SessionStore } from '../stores/session/store.js';
import type { UserStore } from '../stores/user/store.js';
import type { VideoStore } from '../stores/video/store.js';
import { AccessTokens } from '../integrations/wechat/access-token.js';
import { HttpWechatClient, type WechatClient } from '../integrations/wechat/code-exchange.js';
import { type ContentChecker, noContentCheck, WechatContentChecker } from '../integrations/wechat/content-check.js';
import { DevWechatStub } from '../../dev/wechat-stub.js';
import { MemoryTokenStore, RedisTokenStore } from '../stores/token/redis.js';

export interface Runtime {
  config: Config;
  clock: () => number;
  sessionStore: SessionStore;
  sessions: SessionService;
  users: UserStore;
  drawings: DrawingStore;
  videos: VideoStore;
  comments: CommentStore;
  accessTokens: AccessTokens;
  contentCheck: ContentChecker;
  commentLimiter: RateLimiter;
  game: GameStore;
  wechat: WechatClient;
  loginLimiter: RateLimiter;
  uploadLimiter: RateLimiter;
  objects: ObjectStore;
  /** STS for temporary upload credentials; undefined when not configured. */
  sts: StsClient | undefined;
  /** The local bucket the dev server serves, when COS is not configured. */
  localBucket: LocalBucket | undefined;
  /** What runs embedded instead of a real service, for the dev server's banner. */
  embedded: string[];
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: () => number;
}

export interface LocalBucket {
  files: BucketFiles;
  bucket: string;
  basePath: string;
  keys: CosKeys;
}

export const LOCAL_BUCKET_PATH = '/_bucket';

let current: Runtime | undefined;

export function getRuntime(): Runtime {
  current ??= createRuntime(loadConfig(process.env));
  return current;
}

/** Drops the current runtime (closing its connections); the next call builds one from the env. */
export async function resetRuntime(): Promise<void> {
  const previous = current;
  current = undefined;
  await previous?.close();
}

/** Tests replace the clock of the current runtime to move time. */
export function setClock(clock: () => number): void {
  const rt = getRuntime();
  rt.clock = clock;
}

interface Parts {
  embedded: string[];
  closers: Array<() => Promise<void>>;
}

function sessionParts(config: Config, parts: Parts) {
  if (!config.redisUrl) {
    parts.embedded.push('sessions and rate limits (in-process; set REDIS_URL)');
    return { redis: undefined, sessionStore: new MemorySessionStore() as SessionStore };
  }
  const redis = createRedisClient(config.redisUrl);
  parts.closers.push(async () => void redis.disconnect());
  return { redis, sessionStore: new RedisSessionStore(redis, config.redisKeyPrefix) as SessionStore };
}

function dataParts(config: Config, parts: Parts) {
  if (!config.mongoUrl) {
    const videos = new MemoryVideoStore();
    void videos.seed(sampleCatalogue());
    parts.embedded.push('users, drawings, videos (seeded) and comments (in-process; set MONGO_URL)');
    return {
      users: new MemoryUserStore() as UserStore,
      drawings: new MemoryDrawingStore() as DrawingStore,
      videos: videos as VideoStore,
      comments: new MemoryCommentStore() as CommentStore,
    };
  }
  const mongo = new MongoConnection(config.mongoUrl, config.mongoDb);
  parts.closers.push(() => mongo.close());
  const db = mongo.db;
  return {
    users: new MongoUserStore(db) as UserStore,
    drawings: new MongoDrawingStore(db) as DrawingStore,
    videos: new MongoVideoStore(db) as VideoStore,
    comments: new MongoCommentStore(db) as CommentStore,
  };
}

function albumParts(
  config: Config,
  parts: Parts,
): { objects: ObjectStore; sts: StsClient | undefined; localBucket: LocalBucket | undefined } {
  const { cos } = config;
  if (cos) {
    registerSecret(cos.keys.secretKey);
    registerSecret(cos.keys.sessionToken);
    // Run-role keys are read afresh, so a rotated role is picked up without a cold start.
    const keys = (): CosKeys =>
      cos.runRole && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY
        ? {
            secretId: process.env.TENCENTCLOUD_SECRETID,
            secretKey: process.env.TENCENTCLOUD_SECRETKEY,
            sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN,
          }
        : cos.keys;
    return {
      objects: new CosObjectStore(
        new CosPresigner(cos.endpoint, cos.bucket, keys),
        cos.region,
        cos.publicBase,
      ),
      sts: cos.sts ? new StsClient(cos.keys, cos.region, cos.sts.endpoint) : undefined,
      localBucket: undefined,
    };
  }
  const keys = {
    secretId: `AKIDlocal${randomBytes(8).toString('hex')}`,
    secretKey: randomBytes(20).toString('hex'),
  };
  const files = new BucketFiles(config.localBucketDir);
  const bucket = 'local-1250000000';
  const presigner = new CosPresigner(`${config.publicUrl}${LOCAL_BUCKET_PATH}`, bucket, () => keys);
  parts.embedded.push(
    `album bucket (files in ${config.localBucketDir}, served at ${config.publicUrl}${LOCAL_BUCKET_PATH}; set COS_*)`,
  );
  return {
    objects: new LocalObjectStore(presigner, files),
    sts: undefined,
    localBucket: { files, bucket, basePath: LOCAL_BUCKET_PATH, keys },
  };
}

export function createRuntime(config: Config): Runtime {
  for (const app of config.apps.values()) registerSecret(app.secret);
  const parts: Parts = { embedded: [], closers: [] };
  // Every part reads the clock through the runtime, so tests can move time with setClock.
  const clock = () => rt.clock();
  const { redis, sessionStore } = sessionParts(config, parts);
  const data = dataParts(config, parts);
  const album = albumParts(config, parts);
  if (config.wechatStub) {
    parts.embedded.push(
      `WeChat (dev stub for appId ${config.defaultAppId}: any code logs in; set WX_APPID/WX_SECRET)`,
    );
  }
  const limiterStore = redis ? { client: redis, prefix: config.redisKeyPrefix } : undefined;
  const limit = (name: string, points: number) =>
    createRateLimiter({ name, points, durationSeconds: 60 }, limiterStore);
  const accessTokens = new AccessTokens(
    config.wxApiBase,
    redis ? new RedisTokenStore(redis, config.redisKeyPrefix) : new MemoryTokenStore(),
    clock,
  );

  const rt: Runtime = {
    config,
    clock: Date.now,
    sessionStore,
    sessions: new SessionService(sessionStore, clock, config.maxSessionsPerUser),
    ...data,
    ...album,
    wechat: config.wechatStub ? new DevWechatStub() : new HttpWechatClient(config.wxApiBase),
    accessTokens,
    contentCheck: config.contentCheck
      ? new WechatContentChecker(config.wxApiBase, accessTokens)
      : noContentCheck,
    loginLimiter: limit('login', config.loginRateLimitPerMinute),
    uploadLimiter: limit('album-upload', 60),
    commentLimiter: limit('comment', 10),
    game: redis ? new RedisGameStore(redis, config.redisKeyPrefix) : new MemoryGameStore(),
    embedded: parts.embedded,
    close: async () => {
      await Promise.allSettled(parts.closers.map((close) => close()));
    },
  };
  return rt;
}
