// How each old SDK must hear that its session failed, so that it logs in again:
//   wafer-client-sdk   the magic key and error "ERR_INVALID_SESSION" (it retries on nothing else,
//                      so an expired wafer session is reported as invalid)
//   wafer2-client-sdk  HTTP 401 (or code -1)
//   weapp-session      the magic key and `reason` ERR_SESSION_EXPIRED / ERR_SESSION_KEY_EXCHANGE_FAILED
import { type HttpError, InvalidSessionError, SessionExpiredError, withBody } from '../../platform/errors.js';
import type { Protocol } from './credentials.js';

/** The key every wafer-era SDK looks for in an answer about sessions. */
export const WAFER_MAGIC = 'F2C224D4-2BCE-4C64-AF9F-A6D872000D1A';

export function sessionFailure(protocol: Protocol | 'weapp-session', err: HttpError): HttpError {
  const expired = err instanceof SessionExpiredError;
  if (!(expired || err instanceof InvalidSessionError)) return err;
  switch (protocol) {
    case 'wafer':
      return withBody(new InvalidSessionError(err.message), { [WAFER_MAGIC]: 1 });
    case 'wafer2':
      return withBody(err, { code: -1 });
    case 'weapp-session':
      return withBody(err, { [WAFER_MAGIC]: 1, reason: err.body.reason ?? 'ERR_SESSION_EXPIRED' });
    default:
      return err;
  }
}
