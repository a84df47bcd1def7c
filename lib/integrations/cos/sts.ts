// Temporary COS credentials for clients that upload with cos-wx-sdk-v5: STS GetFederationToken
// with a policy allowing only PutObject/PostObject under one prefix of one bucket.

import type { Clock } from '../../platform/clock.js';
import type { CosKeys } from '../../platform/cos/sign.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { FederationClient, FederationTokenAnswer } from './sts-sdk.js';

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
  /** The Content-Type values an upload may carry. */
  contentTypes: readonly string[];
  /** The largest upload, in bytes. */
  maxBytes: number;
  durationSeconds: number;
}

/**
 * The CAM policy: PutObject only, to keys under `prefix` only, with COS's condition keys holding
 * the type, the size and "never over an existing object" as the signed forms do. PostObject is left out on purpose: a POST form's
 * policy is written by whoever signs it, so temporary keys could not hold it to a type or a size
 * (wx.uploadFile uploads use the server-signed form of POST /album/uploads instead).
 */
export function uploadPolicy({
  bucket,
  region,
  prefix,
  contentTypes,
  maxBytes,
}: Omit<UploadPolicyScope, 'durationSeconds'>) {
  const appId = bucket.slice(bucket.lastIndexOf('-') + 1);
  return {
    version: '2.0',
    statement: [
      {
        effect: 'allow',
        action: ['name/cos:PutObject'],
        resource: [`qcs::cos:${region}:uid/${appId}:${bucket}/${prefix}*`],
        condition: {
          string_equal: {
            'cos:content-type': [...contentTypes],
            // Every PUT must carry x-cos-forbid-overwrite: true, so an object whose bytes a
            // verdict covers is never replaced (the new object would answer 409).
            'cos:x-cos-forbid-overwrite': 'true',
          },
          numeric_less_than_equal: { 'cos:content-length': maxBytes },
        },
      },
    ],
  };
}

export class StsClient {
  private client: Promise<FederationClient> | undefined;

  constructor(
    private readonly keys: CosKeys,
    private readonly region: string,
    private readonly endpoint: string,
    private readonly clock: Clock,
  ) {}

  private federation(): Promise<FederationClient> {
    this.client ??= import('./sts-sdk.js').then((sdk) =>
      sdk.createFederationClient(this.keys.secretId, this.keys.secretKey, this.region, this.endpoint),
    );
    return this.client;
  }

  async federationToken(scope: UploadPolicyScope): Promise<TemporaryCredentials> {
    let response: FederationTokenAnswer;
    try {
      response = await (await this.federation()).getFederationToken({
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
      startTime: Math.floor(this.clock.now() / 1000),
      expiredTime: response.ExpiredTime,
    };
  }
}
