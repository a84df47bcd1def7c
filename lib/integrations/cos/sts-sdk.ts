// The only module that loads Tencent's STS SDK. The build makes it a separate file of the layer
// (sts.js), loaded on the first /album/credentials call, so the SDK's dependency tree (node-fetch,
// whatwg-url, mime-db, ...) costs nothing at cold start. Import nothing of ours here.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
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
  // One kept-alive connection for the container's STS calls, closed after 4 s idle (as the HTTP
  // client's agents, lib/platform/http/agents.ts, which this module may not import).
  const options = { keepAlive: true, timeout: 4000, maxFreeSockets: 4 };
  const agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  const client = new sts.v20180813.Client({
    credential: { secretId, secretKey },
    region,
    profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 5, agent } },
  });
  return { getFederationToken: (params) => client.GetFederationToken(params) };
}
