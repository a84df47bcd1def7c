// Where a request carries its session: headers X-WX-Id / X-WX-Skey, or for older clients the
// fields uuid / skey in the JSON body or the query string.

import { InvalidSessionError } from '../../platform/errors.js';
import type { HttpRequest } from '../../platform/http/event.js';
import { SKEY_PATTERN, UUID_PATTERN } from './tokens.js';

export interface Credentials {
  uuid: string;
  skey: string;
}

export function readCredentials(request: HttpRequest, body: unknown): Credentials {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const uuid = request.headers['x-wx-id'] ?? fromBody.uuid ?? request.query.uuid;
  const skey = request.headers['x-wx-skey'] ?? fromBody.skey ?? request.query.skey;
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
