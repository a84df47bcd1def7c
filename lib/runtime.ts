// The per-container runtime: config plus every client and store, created once on first use and
// reused by all invocations (and by all functions sharing this layer in one process).

import { randomBytes } from 'node:crypto';
import { SessionService } from './auth/sessions.js';
import { type Config, loadConfig } from './config.js';
import { CosPresigner } from './cos/presign.js';
import type { CosKeys } from './cos/sign.js';
import { StsClient } from './cos/sts.js';
import { registerSecret } from './http/log.js';
import { BucketFiles } from './local-bucket/files.js';
import { createRateLimiter, type RateLimiter } from './ratelimit.js';
import { CosObjectStore } from './stores/cos-object-store.js';
import type { DrawingStore } from './stores/drawing-store.js';
import { LocalObjectStore } from './stores/local-object-store.js';
import { MemoryDrawingStore } from './stores/memory-drawing-store.js';
import { MemorySessionStore } from './stores/memory-session-store.js';
import { MemoryUserStore } from './stores/memory-user-store.js';
import { createMongoClient, database } from './stores/mongo.js';
import { MongoDrawingStore } from './stores/mongo-drawing-store.js';
import { MongoUserStore } from './stores/mongo-user-store.js';
import type { ObjectStore } from './stores/object-store.js';
import { createRedisClient } from './stores/redis.js';
import { RedisSessionStore } from './stores/redis-session-store.js';
import type { SessionStore } from './stores/session-store.js';
import type { UserStore } from './stores/user-store.js';
import { HttpWechatClient, type WechatClient } from './wechat/client.js';
import { DevWechatStub } from './wechat/dev-stub.js';

export interface Runtime {
  config: Config;
  clock: () => number;
  sessionStore: SessionStore;
  sessions: SessionService;
  users: UserStore;
  drawings: DrawingStore;
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

export function createRuntime(config: Config): Runtime {
  for (const app of config.apps.values()) registerSecret(app.secret);
  const embedded: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const rt = { config, clock: Date.now } as Runtime;
  const clock = () => rt.clock();

  let redis: ReturnType<typeof createRedisClient> | undefined;
  if (config.redisUrl) {
    redis = createRedisClient(config.redisUrl);
    const client = redis;
    closers.push(async () => void client.disconnect());
    rt.sessionStore = new RedisSessionStore(redis, config.redisKeyPrefix);
  } else {
    rt.sessionStore = new MemorySessionStore();
    embedded.push('sessions and rate limits (in-process; set REDIS_URL)');
  }

  if (config.mongoUrl) {
    const mongo = createMongoClient(config.mongoUrl);
    closers.push(() => mongo.close());
    const db = database(mongo, config.mongoDb);
    rt.users = new MongoUserStore(db);
    rt.drawings = new MongoDrawingStore(db);
  } else {
    rt.users = new MemoryUserStore();
    rt.drawings = new MemoryDrawingStore();
    embedded.push('users and drawings (in-process; set MONGO_URL)');
  }

  if (config.wechatStub) {
    rt.wechat = new DevWechatStub();
    embedded.push(
      `WeChat (dev stub for appId ${config.defaultAppId}: any code logs in; set WX_APPID/WX_SECRET)`,
    );
  } else {
    rt.wechat = new HttpWechatClient(config.wxApiBase);
  }

  rt.sessions = new SessionService(rt.sessionStore, clock, config.maxSessionsPerUser);
  const limiterStore = redis ? { client: redis, prefix: config.redisKeyPrefix } : undefined;
  rt.loginLimiter = createRateLimiter(
    { name: 'login', points: config.loginRateLimitPerMinute, durationSeconds: 60 },
    limiterStore,
  );
  rt.uploadLimiter = createRateLimiter(
    { name: 'album-upload', points: 60, durationSeconds: 60 },
    limiterStore,
  );

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
    rt.objects = new CosObjectStore(
      new CosPresigner(cos.endpoint, cos.bucket, keys),
      cos.region,
      cos.publicBase,
    );
    rt.sts = cos.sts ? new StsClient(cos.keys, cos.region, cos.sts.endpoint) : undefined;
    rt.localBucket = undefined;
  } else {
    const keys = {
      secretId: `AKIDlocal${randomBytes(8).toString('hex')}`,
      secretKey: randomBytes(20).toString('hex'),
    };
    const files = new BucketFiles(config.localBucketDir);
    const presigner = new CosPresigner(
      `${config.publicUrl}${LOCAL_BUCKET_PATH}`,
      'local-1250000000',
      () => keys,
    );
    rt.objects = new LocalObjectStore(presigner, files);
    rt.localBucket = { files, bucket: 'local-1250000000', basePath: LOCAL_BUCKET_PATH, keys };
    rt.sts = undefined;
    embedded.push(
      `album bucket (files in ${config.localBucketDir}, served at ${config.publicUrl}${LOCAL_BUCKET_PATH}; set COS_*)`,
    );
  }
  rt.embedded = embedded;
  rt.close = async () => {
    await Promise.allSettled(closers.map((close) => close()));
  };
  return rt;
}
