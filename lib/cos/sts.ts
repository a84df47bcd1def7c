// Temporary COS credentials for clients that upload with cos-wx-sdk-v5: STS GetFederationToken
// with a policy allowing only PutObject/PostObject under one prefix of one bucket.
import { sts } from 'tencentcloud-sdk-nodejs-sts';
import { ServiceUnavailableError } from '../http/errors.js';
import type { CosKeys } from './sign.js';

export interface TemporaryCredentials {
  tmpSecretId: string;
  tmpSecretKey: string;
  sessionToken: string;
  startTime: number;
  expiredTime: number;
}

export interface UploadPolicyScope {
  bucket: string;
  region: string;
  prefix: string;
  durationSeconds: number;
}

/** The CAM policy: uploads only, to keys under `prefix` only. */
export function uploadPolicy({ bucket, region, prefix }: Omit<UploadPolicyScope, 'durationSeconds'>) {
  const appId = bucket.slice(bucket.lastIndexOf('-') + 1);
  return {
    version: '2.0',
    statement: [
      {
        effect: 'allow',
        action: ['name/cos:PutObject', 'name/cos:PostObject'],
        resource: [`qcs::cos:${region}:uid/${appId}:${bucket}/${prefix}*`],
      },
    ],
  };
}

export class StsClient {
  private readonly client: InstanceType<typeof sts.v20180813.Client>;

  constructor(keys: CosKeys, region: string, endpoint: string) {
    const url = new URL(endpoint);
    this.client = new sts.v20180813.Client({
      credential: { secretId: keys.secretId, secretKey: keys.secretKey },
      region,
      profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 5 } },
    });
  }

  async federationToken(scope: UploadPolicyScope): Promise<TemporaryCredentials> {
    let response: Awaited<ReturnType<typeof this.client.GetFederationToken>>;
    try {
      response = await this.client.GetFederationToken({
        Name: 'weapp-scf-album',
        Policy: encodeURIComponent(JSON.stringify(uploadPolicy(scope))),
        DurationSeconds: scope.durationSeconds,
      });
    } catch (err) {
      throw new ServiceUnavailableError('STS', err);
    }
    const c = response.Credentials;
    if (!c?.TmpSecretId || !c.TmpSecretKey || !c.Token || !response.ExpiredTime) {
      throw new ServiceUnavailableError('STS', new Error('STS answered without credentials'));
    }
    return {
      tmpSecretId: c.TmpSecretId,
      tmpSecretKey: c.TmpSecretKey,
      sessionToken: c.Token,
      startTime: Math.floor(Date.now() / 1000),
      expiredTime: response.ExpiredTime,
    };
  }
}
