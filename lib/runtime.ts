// The per-container runtime: config plus every client and store, created once on first use and
// reused by all invocations (and by all functions sharing this layer in one process).

import { SessionService } from './auth/sessions.js';
import { type Config, loadConfig } from './config.js';
import { registerSecret } from './http/log.js';
import { createRateLimiter, type RateLimiter } from './ratelimit.js';
import { MemorySessionStore } from './stores/memory-session-store.js';
import { MemoryUserStore } from './stores/memory-user-store.js';
import { createMongoClient, database } from './stores/mongo.js';
import { MongoUserStore } from './stores/mongo-user-store.js';
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
  wechat: WechatClient;
  loginLimiter: RateLimiter;
  /** What runs embedded instead of a real service, for the dev server's banner. */
  embedded: string[];
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: () => number;
}

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
    rt.users = new MongoUserStore(database(mongo, config.mongoDb));
  } else {
    rt.users = new MemoryUserStore();
    embedded.push('users (in-process; set MONGO_URL)');
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
  rt.loginLimiter = createRateLimiter(
    { name: 'login', points: config.loginRateLimitPerMinute, durationSeconds: 60 },
    redis ? { client: redis, prefix: config.redisKeyPrefix } : undefined,
  );
  rt.embedded = embedded;
  rt.close = async () => {
    await Promise.allSettled(closers.map((close) => close()));
  };
  return rt;
}
