// Configuration from the environment, validated once at cold start. A bad or missing variable
// fails start-up with a message that names it. On SCF the local-only fallbacks are refused.
import { z } from 'zod';
import type { CosKeys } from '../cos/sign.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface AppConfig {
  appId: string;
  secret: string;
  /** Absolute session lifetime from login. */
  loginDurationMs: number;
  /** Sliding lifetime: a session unused this long expires. */
  sessionDurationMs: number;
}

export interface CosConfig {
  bucket: string;
  region: string;
  endpoint: string;
  keys: CosKeys;
  /** Keys come from the SCF run role (TENCENTCLOUD_*) and are read afresh from the environment. */
  runRole: boolean;
  publicBase: string | undefined;
  /** STS needs permanent keys; unset when signing with temporary ones. */
  sts: { endpoint: string } | undefined;
}

export interface Config {
  onScf: boolean;
  port: number;
  apps: ReadonlyMap<string, AppConfig>;
  defaultAppId: string;
  /** True when no mini program is configured and the in-process dev WeChat stub answers logins. */
  wechatStub: boolean;
  wxApiBase: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  mongoUrl: string | undefined;
  mongoDb: string;
  loginRateLimitPerMinute: number;
  maxSessionsPerUser: number;
  /** COS, or undefined for the local bucket served by the dev server. */
  cos: CosConfig | undefined;
  albumMaxBytes: number;
  game: { gameTimeMs: number; robotWaitMs: number; pauseMs: number };
  /** msg_sec_check on comments; off with WX_CONTENT_CHECK=off or with the dev WeChat stub. */
  contentCheck: boolean;
  /** Where the dev server is reached from clients; the local bucket's URLs start here. */
  publicUrl: string;
  localBucketDir: string;
}

export const DEV_STUB_APP_ID = 'wxdevstub0000000';
const DAY_MS = 86_400_000;

const appIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1..64 of [A-Za-z0-9_-]');
const appEntry = z
  .object({
    appId: appIdSchema,
    secret: z.string().min(1),
    loginDurationDays: z.number().int().min(1).max(365).optional(),
    sessionDurationSeconds: z
      .number()
      .int()
      .min(60)
      .max(365 * 86_400)
      .optional(),
  })
  .strict();

const urlWith = (protocols: string[]) =>
  z.string().refine(
    (u) => {
      try {
        return protocols.includes(new URL(u).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

const intString = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: intString(1, 65_535, 3000),
  WX_APPID: appIdSchema.optional(),
  WX_SECRET: z.string().min(1).optional(),
  WX_APPS: z.string().optional(),
  WX_API_BASE: urlWith(['https:', 'http:']).default('https://api.weixin.qq.com'),
  REDIS_URL: urlWith(['redis:', 'rediss:']).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{0,32}$/)
    .default('wx:'),
  MONGO_URL: urlWith(['mongodb:', 'mongodb+srv:']).optional(),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('weapp'),
  LOGIN_RATE_LIMIT: intString(1, 100_000, 30),
  WX_CONTENT_CHECK: z.enum(['on', 'off']).default('on'),
  GAME_TIME_MS: intString(200, 60_000, 3000),
  GAME_ROBOT_WAIT_MS: intString(50, 60_000, 1000),
  GAME_PAUSE_MS: intString(0, 60_000, 1500),
  COS_SECRET_ID: z.string().min(1).optional(),
  COS_SECRET_KEY: z.string().min(1).optional(),
  COS_SESSION_TOKEN: z.string().min(1).optional(),
  COS_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*-\d+$/, 'must be <name>-<APPID>')
    .optional(),
  COS_REGION: z
    .string()
    .regex(/^[a-z]+-[a-z]+(-\d+)?$/, 'must be a region such as ap-guangzhou')
    .optional(),
  COS_PUBLIC_BASE: urlWith(['https:', 'http:']).optional(),
  STS_ENDPOINT: urlWith(['https:', 'http:']).default('https://sts.tencentcloudapi.com'),
  TENCENTCLOUD_SECRETID: z.string().optional(),
  TENCENTCLOUD_SECRETKEY: z.string().optional(),
  TENCENTCLOUD_SESSIONTOKEN: z.string().optional(),
  ALBUM_MAX_BYTES: intString(1, 5 * 1024 ** 3, 10 * 1024 * 1024),
  PUBLIC_URL: urlWith(['http:', 'https:']).optional(),
  LOCAL_BUCKET_DIR: z.string().min(1).default('.data/bucket'),
});

type Env = z.output<typeof envSchema>;

export function isScf(env: NodeJS.ProcessEnv): boolean {
  return env.TENCENTCLOUD_RUNENV === 'SCF' || Boolean(env.SCF_FUNCTIONNAME);
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const blank = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blank);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])} is invalid: ${issue.message}`);
  }
  const e = parsed.data;
  const onScf = isScf(env);
  const apps = readApps(e.WX_APPID, e.WX_SECRET, e.WX_APPS);
  const wechatStub = apps.length === 0;

  if (onScf) {
    const refuse = (what: string) => {
      throw new ConfigError(`${what} (embedded stores and the dev WeChat stub are for local runs only)`);
    };
    if (!e.REDIS_URL) refuse('REDIS_URL is required on SCF');
    if (!e.MONGO_URL) refuse('MONGO_URL is required on SCF');
    if (wechatStub) refuse('WX_APPID and WX_SECRET (or WX_APPS) are required on SCF');
    if (!e.COS_BUCKET) refuse('COS_BUCKET and COS_REGION are required on SCF');
  }
  if (wechatStub) apps.push(app({ appId: DEV_STUB_APP_ID, secret: 'dev-stub' }));

  return {
    onScf,
    port: e.PORT,
    apps: new Map(apps.map((a) => [a.appId, a])),
    defaultAppId: apps[0]!.appId,
    wechatStub,
    wxApiBase: e.WX_API_BASE.replace(/\/+$/, ''),
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    mongoUrl: e.MONGO_URL,
    mongoDb: e.MONGO_DB,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT,
    maxSessionsPerUser: 10,
    cos: readCos(e),
    albumMaxBytes: e.ALBUM_MAX_BYTES,
    contentCheck: e.WX_CONTENT_CHECK === 'on' && !wechatStub,
    game: { gameTimeMs: e.GAME_TIME_MS, robotWaitMs: e.GAME_ROBOT_WAIT_MS, pauseMs: e.GAME_PAUSE_MS },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    localBucketDir: e.LOCAL_BUCKET_DIR,
  };
}

function readCos(e: Env): CosConfig | undefined {
  if (Boolean(e.COS_SECRET_ID) !== Boolean(e.COS_SECRET_KEY)) {
    throw new ConfigError(
      `${e.COS_SECRET_ID ? 'COS_SECRET_KEY' : 'COS_SECRET_ID'} is required with the other`,
    );
  }
  if (!e.COS_BUCKET && !e.COS_REGION) {
    if (e.COS_SECRET_ID)
      throw new ConfigError('COS_BUCKET and COS_REGION are required when COS_SECRET_ID is set');
    return undefined;
  }
  if (!e.COS_BUCKET) throw new ConfigError('COS_BUCKET is required when COS_REGION is set');
  if (!e.COS_REGION) throw new ConfigError('COS_REGION is required when COS_BUCKET is set');
  let keys: CosKeys;
  let runRole = false;
  if (e.COS_SECRET_ID && e.COS_SECRET_KEY) {
    keys = { secretId: e.COS_SECRET_ID, secretKey: e.COS_SECRET_KEY, sessionToken: e.COS_SESSION_TOKEN };
  } else if (e.TENCENTCLOUD_SECRETID && e.TENCENTCLOUD_SECRETKEY) {
    keys = {
      secretId: e.TENCENTCLOUD_SECRETID,
      secretKey: e.TENCENTCLOUD_SECRETKEY,
      sessionToken: e.TENCENTCLOUD_SESSIONTOKEN,
    };
    runRole = true;
  } else {
    throw new ConfigError(
      'COS_SECRET_ID and COS_SECRET_KEY are required (or an SCF run role) when COS_BUCKET is set',
    );
  }
  return {
    bucket: e.COS_BUCKET,
    region: e.COS_REGION,
    endpoint: `https://${e.COS_BUCKET}.cos.${e.COS_REGION}.myqcloud.com`,
    keys,
    runRole,
    publicBase: e.COS_PUBLIC_BASE,
    sts: keys.sessionToken ? undefined : { endpoint: e.STS_ENDPOINT },
  };
}

function readApps(appId?: string, secret?: string, json?: string): AppConfig[] {
  const apps: AppConfig[] = [];
  if (appId && !secret) throw new ConfigError('WX_SECRET is required when WX_APPID is set');
  if (secret && !appId) throw new ConfigError('WX_APPID is required when WX_SECRET is set');
  if (appId && secret) apps.push(app({ appId, secret }));
  if (json) {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new ConfigError('WX_APPS is invalid: not JSON');
    }
    const list = z.array(appEntry).min(1).safeParse(raw);
    if (!list.success) {
      const issue = list.error.issues[0]!;
      throw new ConfigError(`WX_APPS is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    for (const entry of list.data) {
      if (apps.some((a) => a.appId === entry.appId)) {
        throw new ConfigError(`WX_APPS is invalid: appId ${entry.appId} is configured twice`);
      }
      apps.push(app(entry));
    }
  }
  return apps;
}

function app(entry: {
  appId: string;
  secret: string;
  loginDurationDays?: number | undefined;
  sessionDurationSeconds?: number | undefined;
}): AppConfig {
  return {
    appId: entry.appId,
    secret: entry.secret,
    loginDurationMs: (entry.loginDurationDays ?? 30) * DAY_MS,
    sessionDurationMs: (entry.sessionDurationSeconds ?? 30 * 86_400) * 1000,
  };
}
