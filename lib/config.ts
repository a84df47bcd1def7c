// Configuration from the environment, validated once at cold start. A bad or missing variable
// fails start-up with a message that names it. On SCF the local-only fallbacks are refused.
import { z } from 'zod';

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
});

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
