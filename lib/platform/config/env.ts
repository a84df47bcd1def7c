// The environment's schema: every variable, its form and its default. Empty values count as unset.
import { z } from 'zod';

export const appIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1..64 of [A-Za-z0-9_-]');
/** An openId as WeChat issues them (28 characters of base64url in practice; 1..64 accepted). */
export const openIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an openId');
export const appEntry = z
  .object({
    appId: appIdSchema,
    secret: z.string().min(1),
    loginDurationDays: z.number().int().min(1).max(365).optional(),
    /** The absolute lifetime in seconds (wins over loginDurationDays); short values let a
     * deployment or a black-box test see expiry. */
    loginDurationSeconds: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400)
      .optional(),
    sessionDurationSeconds: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400)
      .optional(),
    /** The numeric app key an old wxapp (Django wafer) client sends as `app_id`. */
    legacyId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** The openIds of this mini program's moderators (the /admin routes). */
    admins: z.array(openIdSchema).max(100).optional(),
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

const intString = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ invalid_type_error: message })
    .int(message)
    .min(min, message)
    .max(max, message)
    .default(fallback);
};

export const envSchema = z.object({
  PORT: intString(1, 65_535, 3000),
  WX_APPID: appIdSchema.optional(),
  WX_SECRET: z.string().min(1).optional(),
  WX_APPS: z.string().optional(),
  /** Moderators of the WX_APPID app: openIds, comma-separated. */
  WX_ADMINS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}$/, 'must be openIds, comma-separated')
    .optional(),
  WX_API_BASE: urlWith(['https:', 'http:']).default('https://api.weixin.qq.com'),
  REDIS_URL: urlWith(['redis:', 'rediss:']).optional(),
  /** A Redis Cluster (TencentDB for Redis cluster edition): host:port of its nodes, comma-separated. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, 'must be host:port,host:port,...')
    .optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_TLS: z.enum(['on', 'off']).default('off'),
  /** `replica`: session checks read from the cluster's replicas (logout then waits for them). */
  REDIS_READ_FROM: z.enum(['master', 'replica']).default('master'),
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
  /** The bucket's origin for signing and for the functions' own calls (a COS-compatible endpoint,
   * or the local bucket in tests); default https://<COS_BUCKET>.cos.<COS_REGION>.myqcloud.com. */
  COS_ENDPOINT: urlWith(['https:', 'http:']).optional(),
  /** AES-256-GCM key for phone numbers at rest: 32 bytes, base64. */
  PHONE_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes of base64',
    )
    .optional(),
  /** The Token of the mini program's message push (消息推送): 3..32 letters and digits. */
  WX_PUSH_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3..32 letters and digits, as WeChat allows')
    .optional(),
  /** The EncodingAESKey of safe mode (安全模式): 43 characters, 32 bytes as base64 without `=`. */
  WX_PUSH_AES_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]{43}$/.test(v) && Buffer.from(`${v}=`, 'base64').length === 32,
      'must be the 43 characters of an EncodingAESKey',
    )
    .optional(),
  STS_ENDPOINT: urlWith(['https:', 'http:']).default('https://sts.tencentcloudapi.com'),
  TENCENTCLOUD_SECRETID: z.string().optional(),
  TENCENTCLOUD_SECRETKEY: z.string().optional(),
  TENCENTCLOUD_SESSIONTOKEN: z.string().optional(),
  ALBUM_MAX_BYTES: intString(1, 5 * 1024 ** 3, 10 * 1024 * 1024),
  PUBLIC_URL: urlWith(['http:', 'https:']).optional(),
  LOCAL_BUCKET_DIR: z.string().min(1).default('.data/bucket'),
});

export type Env = z.output<typeof envSchema>;
