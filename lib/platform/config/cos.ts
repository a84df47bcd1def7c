// COS settings: the bucket, and the keys that sign for it (explicit keys, or the SCF run role's).
import type { CosKeys } from '../cos/sign.js';
import type { Env } from './env.js';
import { ConfigError, type CosConfig } from './types.js';

export function readCos(e: Env): CosConfig | undefined {
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
    endpoint: e.COS_ENDPOINT ?? `https://${e.COS_BUCKET}.cos.${e.COS_REGION}.myqcloud.com`,
    keys,
    runRole,
    publicBase: e.COS_PUBLIC_BASE,
    sts: keys.sessionToken ? undefined : { endpoint: e.STS_ENDPOINT },
  };
}
