// Where a request carries its session: headers X-WX-Id / X-WX-Skey, or for older clients the
// fields uuid / skey in the JSON body or the query string.
import { InvalidSessionError } from '../../platform/errors.js';
import type { CredentialSource } from '../../platform/http/route.js';
import { SKEY_PATTERN, UUID_PATTERN } from './tokens.js';

export interface Credentials {
  uuid: string;
  skey: string;
}

export function readCredentials({ headers, query, body }: CredentialSource): Credentials {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const uuid = headers['x-wx-id'] ?? fromBody.uuid ?? query.uuid;
  const skey = headers['x-wx-skey'] ?? fromBody.skey ?? query.skey;
  if (uuid === undefined || skey === undefined) {
    throw new InvalidSessionError('session credentials are missing: send X-WX-Id and X-WX-Skey');
  }
  if (
    typeof uuid !== 'string' ||
    typeof skey !== 'string' ||
    !UUID_PATTERN.test(uuid) ||
    !SKEY_PATTERN.test(skey)
  ) {
    throw new InvalidSessionError();
  }
  return { uuid, skey };
}
