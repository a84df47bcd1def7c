// What configuration becomes once validated: the shapes every builder of the composition root reads.
import type { CosKeys } from '../cos/sign.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
  /** Every problem found, each naming its variable (the message joins them). */
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('; '));
    this.problems = list;
  }
}

export interface AppConfig {
  appId: string;
  /** Empty in a function that does not use WeChat's server API (no WX_SECRET deployed to it). */
  secret: string;
  /** Absolute session lifetime from login. */
  loginDurationMs: number;
  /** Sliding lifetime: a session unused this long expires. */
  sessionDurationMs: number;
  /** The numeric app key old wxapp clients send as app_id. */
  legacyId?: number;
  /** The openIds of its moderators (WX_APPS[].admins, or WX_ADMINS for WX_APPID). */
  admins?: readonly string[];
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
  /** A Redis Cluster instead of REDIS_URL. */
  redisCluster:
    | {
        nodes: Array<{ host: string; port: number }>;
        password: string | undefined;
        tls: boolean;
        /** Session checks may be answered by replicas (REDIS_READ_FROM=replica). */
        replicaReads: boolean;
      }
    | undefined;
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
  /** Phone numbers at rest (PHONE_KEY); without it /phone answers 503 on SCF, and locally uses a
   * key of the process (numbers stored then are unreadable after a restart). */
  phoneKey: Buffer | undefined;
  /** WeChat's message push (/wx/push): its Token, and the EncodingAESKey's 32 bytes for safe mode.
   * Without a token the receiver answers 503. */
  push: { token: string; aesKey: Buffer | undefined } | undefined;
}
