// What npm start (and the tests) run in place of WeChat and COS when they are not configured: the
// dev WeChat stub and the local bucket, with signing keys made fresh for this process. Never on SCF.
import { randomBytes } from 'node:crypto';
import type { EmbeddedParts } from '../lib/app/app.js';
import { useEmbeddedParts } from '../lib/app/container.js';
import type { Config } from '../lib/platform/config/index.js';
import { CosPresigner } from '../lib/platform/cos/presign.js';
import type { CosKeys } from '../lib/platform/cos/sign.js';
import { BucketFiles } from '../lib/stores/object/files.js';
import { LocalObjectStore } from '../lib/stores/object/local.js';
import { DevWechatStub } from './wechat-stub.js';

export const LOCAL_BUCKET_PATH = '/_bucket';
const LOCAL_BUCKET_NAME = 'local-1250000000';

export interface LocalBucket {
  files: BucketFiles;
  bucket: string;
  basePath: string;
  keys: CosKeys;
}

let current: LocalBucket | undefined;

/** The local bucket of the app built last (the dev server serves it); undefined with COS. */
export function currentLocalBucket(): LocalBucket | undefined {
  return current;
}

const parts: EmbeddedParts = {
  wechat: () => new DevWechatStub(),
  phones: () => new DevWechatStub(),
  objects(config: Config) {
    const keys = {
      secretId: `AKIDlocal${randomBytes(8).toString('hex')}`,
      secretKey: randomBytes(20).toString('hex'),
    };
    const files = new BucketFiles(config.localBucketDir);
    current = { files, bucket: LOCAL_BUCKET_NAME, basePath: LOCAL_BUCKET_PATH, keys };
    const presigner = new CosPresigner(
      `${config.publicUrl}${LOCAL_BUCKET_PATH}`,
      LOCAL_BUCKET_NAME,
      () => keys,
    );
    return new LocalObjectStore(presigner, files);
  },
};

/** Installs the dev WeChat stub and the local bucket for every app built from now on. */
export function useDevParts(): void {
  useEmbeddedParts(parts);
}

/** One line per part running embedded, for the banner. */
export function describeEmbedded(config: Config): string[] {
  const lines: string[] = [];
  if (!config.redisUrl && !config.redisCluster)
    lines.push('sessions and rate limits (in-process; set REDIS_URL or REDIS_CLUSTER_NODES)');
  if (!config.mongoUrl)
    lines.push('users, drawings, videos (seeded) and comments (in-process; set MONGO_URL)');
  if (!config.cos)
    lines.push(
      `album bucket (files in ${config.localBucketDir}, served at ${config.publicUrl}${LOCAL_BUCKET_PATH}; set COS_*)`,
    );
  if (config.wechatStub)
    lines.push(
      `WeChat (dev stub for appId ${config.defaultAppId}: any code logs in; set WX_APPID/WX_SECRET)`,
    );
  return lines;
}

/** One line per service: what serves it now, and the variables that choose a real one. */
export function describeServices(config: Config): string[] {
  const row = (service: string, now: string, variables: string) =>
    `  ${service.padEnd(13)}${now}  [${variables}]`;
  return [
    row(
      'Redis',
      config.redisCluster ? 'a Redis Cluster' : config.redisUrl ? 'a Redis server' : 'embedded, in process',
      'REDIS_URL or REDIS_CLUSTER_NODES',
    ),
    row('MongoDB', config.mongoUrl ? 'a MongoDB server' : 'embedded, in process', 'MONGO_URL, MONGO_DB'),
    row(
      'album bucket',
      config.cos ? 'a COS bucket' : `local files in ${config.localBucketDir}`,
      'COS_BUCKET, COS_REGION, COS_SECRET_ID, COS_SECRET_KEY',
    ),
    row(
      'WeChat',
      config.wechatStub ? 'the dev stub: any code logs in' : 'the real API',
      'WX_APPID and WX_SECRET, or WX_APPS; WX_API_BASE',
    ),
    row('message push', config.push ? 'on at /wx/push' : 'off', 'WX_PUSH_TOKEN, WX_PUSH_AES_KEY'),
  ];
}
