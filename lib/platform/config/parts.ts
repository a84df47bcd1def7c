// The configuration's parts: each a concern a function may use, with the variables that configure
// it. A function declares the parts it uses (lib/app/functions.ts); it is deployed with their
// variables and no others, and on SCF its cold start requires only those parts.
import type { envSchema } from './env.js';

type Variable = keyof typeof envSchema.shape;

export const CONFIG_PARTS = {
  /** Which mini programs are served, their session lifetimes and moderators (every function). */
  apps: ['WX_APPID', 'WX_APPS', 'WX_ADMINS'],
  /** Calls to WeChat's server API: the code exchange and the access token need the app secret. */
  wechat: ['WX_SECRET', 'WX_API_BASE'],
  /** msg_sec_check and media_check_async on or off. */
  contentCheck: ['WX_CONTENT_CHECK'],
  redis: [
    'REDIS_URL',
    'REDIS_CLUSTER_NODES',
    'REDIS_PASSWORD',
    'REDIS_TLS',
    'REDIS_READ_FROM',
    'REDIS_KEY_PREFIX',
  ],
  mongo: ['MONGO_URL', 'MONGO_DB'],
  /** The album bucket, and keys that sign for it unless the run role does. */
  cos: ['COS_BUCKET', 'COS_REGION', 'COS_SECRET_ID', 'COS_SECRET_KEY', 'COS_PUBLIC_BASE', 'COS_ENDPOINT'],
  /** Temporary upload credentials for cos-wx-sdk-v5. */
  sts: ['STS_ENDPOINT'],
  album: ['ALBUM_MAX_BYTES'],
  login: ['LOGIN_RATE_LIMIT'],
  phone: ['PHONE_KEY'],
  /** WeChat's message push: its Token and safe mode's EncodingAESKey. */
  push: ['WX_PUSH_TOKEN', 'WX_PUSH_AES_KEY'],
  game: ['GAME_TIME_MS', 'GAME_ROBOT_WAIT_MS', 'GAME_PAUSE_MS'],
} as const satisfies Record<string, readonly Variable[]>;

export type ConfigPart = keyof typeof CONFIG_PARTS;
export const ALL_PARTS = Object.keys(CONFIG_PARTS) as ConfigPart[];

/** Never deployed: the dev server's own, and a temporary key's token (it expires within hours; a
 * deployed function signs with permanent COS keys or its run role, whose token SCF refreshes). */
export const LOCAL_VARIABLES = [
  'PORT',
  'PUBLIC_URL',
  'LOCAL_BUCKET_DIR',
  'COS_SESSION_TOKEN',
] as const satisfies readonly Variable[];
/** Variables SCF itself sets in a function (the run role's keys). */
export const PLATFORM_VARIABLES = [
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD_SESSIONTOKEN',
] as const satisfies readonly Variable[];

/** The variables of some parts, in a stable order. */
export function variablesOf(parts: Iterable<ConfigPart>): string[] {
  return [...new Set([...parts].flatMap((p) => CONFIG_PARTS[p]))].sort();
}
