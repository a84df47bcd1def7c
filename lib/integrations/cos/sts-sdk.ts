// The only module that loads Tencent's STS SDK. The build makes it a separate file of the layer
// (sts.js), loaded on the first /album/credentials call, so the SDK's dependency tree (node-fetch,
// whatwg-url, mime-db, ...) costs nothing at cold start. Import nothing of ours here.
import { sts } from 'tencentcloud-sdk-nodejs-sts';

export interface FederationTokenAnswer {
  Credentials?: { TmpSecretId?: string; TmpSecretKey?: string; Token?: string };
  ExpiredTime?: number;
}

export interface FederationClient {
  getFederationToken(params: {
    Name: string;
    Policy: string;
    DurationSeconds: number;
  }): Promise<FederationTokenAnswer>;
}

export function createFederationClient(
  secretId: string,
  secretKey: string,
  region: string,
  endpoint: string,
): FederationClient {
  const url = new URL(endpoint);
  const client = new sts.v20180813.Client({
    credential: { secretId, secretKey },
    region,
    profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 5 } },
  });
  return { getFederationToken: (params) => client.GetFederationToken(params) };
}
