// The SCF API through Tencent's own SDK (tencentcloud-sdk-nodejs-scf, the family of the STS client
// the album uses): signed with TC3-HMAC-SHA256, at a configurable endpoint. Errors keep SCF's code.
import { scf } from 'tencentcloud-sdk-nodejs-scf';
import type { DeploySettings } from './settings.js';

export class ScfApiError extends Error {
  override name = 'ScfApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly action: string,
  ) {
    super(`${action}: ${code}: ${message}`);
  }
}

export type ScfCall = (action: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export function scfApi(settings: DeploySettings): ScfCall {
  const url = new URL(settings.endpoint);
  const client = new scf.v20180416.Client({
    credential: settings.credentials,
    region: settings.region,
    profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 60 } },
  });
  const callable = client as unknown as Record<string, (params: unknown) => Promise<Record<string, unknown>>>;
  return async (action, params) => {
    const method = callable[action];
    if (typeof method !== 'function') throw new Error(`unknown SCF action ${action}`);
    try {
      return await method.call(client, params);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new ScfApiError(e.code ?? 'NetworkError', e.message ?? String(err), action);
    }
  };
}
