// Configuration from the environment, validated once at cold start. A bad or missing variable
// fails start-up with a message that names it. On SCF the local-only fallbacks are refused.

import type { ZodTypeAny } from 'zod';
import { app, readApps } from './apps.js';
import { readCos } from './cos.js';
import { type Env, envSchema } from './env.js';
import type { ConfigPart } from './parts.js';
import { type AppConfig, type Config, ConfigError, type CosConfig } from './types.js';

export { ALL_PARTS, CONFIG_PARTS, type ConfigPart, variablesOf } from './parts.js';
export { type AppConfig, type Config, ConfigError, type CosConfig };

export const DEV_STUB_APP_ID = 'wxdevstub0000000';

export function isScf(env: NodeJS.ProcessEnv): boolean {
  return env.TENCENTCLOUD_RUNENV === 'SCF' || Boolean(env.SCF_FUNCTIONNAME);
}

export interface LoadOptions {
  /** The parts the running function uses: on SCF only these are required (default: all). */
  parts?: ReadonlySet<ConfigPart> | undefined;
}

/** Reads and checks the environment; a ConfigError lists every problem found, not only the first. */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): Config {
  const uses = (part: ConfigPart) => options.parts === undefined || options.parts.has(part);
  const problems: string[] = [];
  const check = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const blank = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape)) {
    const field = (schema as ZodTypeAny).safeParse(blank[key]);
    if (field.success) parsed[key] = field.data;
    else problems.push(`${key} is invalid: ${field.error.issues[0]!.message}`);
  }
  const e = parsed as Env;
  const onScf = isScf(env);
  if (e.WX_PUSH_AES_KEY && !e.WX_PUSH_TOKEN)
    problems.push('WX_PUSH_AES_KEY needs WX_PUSH_TOKEN (safe mode signs with the token too)');
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES)
    problems.push('REDIS_URL and REDIS_CLUSTER_NODES: set one of them');
  if (e.REDIS_READ_FROM === 'replica' && !e.REDIS_CLUSTER_NODES)
    problems.push(
      'REDIS_READ_FROM=replica needs REDIS_CLUSTER_NODES (behind a proxy, replica reads are its own setting)',
    );
  const apps =
    check(() => readApps(e.WX_APPID, e.WX_SECRET, e.WX_APPS, e.WX_ADMINS, !onScf || uses('wechat'))) ?? [];
  const cos = check(() => readCos(e));
  const wechatStub = apps.length === 0 && !blank.WX_APPID && !blank.WX_APPS;

  if (onScf) {
    const local = '(embedded stores and the dev WeChat stub are for local runs only)';
    if (uses('redis') && !e.REDIS_URL && !e.REDIS_CLUSTER_NODES)
      problems.push(`REDIS_URL (or REDIS_CLUSTER_NODES) is required on SCF ${local}`);
    if (uses('mongo') && !e.MONGO_URL) problems.push(`MONGO_URL is required on SCF ${local}`);
    if (uses('apps') && wechatStub)
      problems.push(`WX_APPID and WX_SECRET (or WX_APPS) are required on SCF ${local}`);
    if (uses('cos') && !e.COS_BUCKET && !e.COS_REGION)
      problems.push(`COS_BUCKET and COS_REGION are required on SCF ${local}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // With the dev stub, WX_ADMINS names its moderators (local runs, the playground's desk).
  if (wechatStub)
    apps.push(app({ appId: DEV_STUB_APP_ID, secret: 'dev-stub', admins: e.WX_ADMINS?.split(',') }));

  return {
    onScf,
    port: e.PORT,
    apps: new Map(apps.map((a) => [a.appId, a])),
    defaultAppId: apps[0]!.appId,
    wechatStub,
    wxApiBase: e.WX_API_BASE.replace(/\/+$/, ''),
    redisUrl: e.REDIS_URL,
    redisCluster: e.REDIS_CLUSTER_NODES
      ? {
          nodes: e.REDIS_CLUSTER_NODES.split(',').map((n) => {
            const [host, port] = n.split(':');
            return { host: host!, port: Number(port) };
          }),
          password: e.REDIS_PASSWORD,
          tls: e.REDIS_TLS === 'on',
          replicaReads: e.REDIS_READ_FROM === 'replica',
        }
      : undefined,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    mongoUrl: e.MONGO_URL,
    mongoDb: e.MONGO_DB,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT,
    maxSessionsPerUser: 10,
    cos,
    albumMaxBytes: e.ALBUM_MAX_BYTES,
    contentCheck: e.WX_CONTENT_CHECK === 'on' && !wechatStub,
    game: { gameTimeMs: e.GAME_TIME_MS, robotWaitMs: e.GAME_ROBOT_WAIT_MS, pauseMs: e.GAME_PAUSE_MS },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    localBucketDir: e.LOCAL_BUCKET_DIR,
    phoneKey: e.PHONE_KEY ? Buffer.from(e.PHONE_KEY, 'base64') : undefined,
    push: e.WX_PUSH_TOKEN
      ? {
          token: e.WX_PUSH_TOKEN,
          aesKey: e.WX_PUSH_AES_KEY ? Buffer.from(`${e.WX_PUSH_AES_KEY}=`, 'base64') : undefined,
        }
      : undefined,
  };
}
