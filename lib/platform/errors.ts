// The one error model: every failure a client can see is an HttpError with a contract code, whose
// status comes from the contract. Anything else becomes ERR_INTERNAL and never shows its message.
import { ERROR_STATUS, type ErrorCode } from '../../contract/errors.js';

export type { ErrorCode };

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Whether `message` may be shown to the client: true for our own texts, never for driver text. */
  readonly expose: boolean;
  readonly headers: Record<string, string>;
  /** Fields added to the failure envelope, for the clients that read them (old SDKs' forms). */
  body: Record<string, unknown> = {};

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}, expose = true) {
    super(message);
    this.name = new.target.name;
    this.status = ERROR_STATUS[code];
    this.code = code;
    this.expose = expose;
    this.headers = headers;
  }
}

/** Adds fields to an error's envelope and gives the error back. */
export function withBody<E extends HttpError>(error: E, fields: Record<string, unknown>): E {
  error.body = { ...error.body, ...fields };
  return error;
}

export class InvalidInputError extends HttpError {
  constructor(message: string) {
    super('ERR_INVALID_INPUT', message);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super('ERR_PAYLOAD_TOO_LARGE', `request body is larger than ${limitBytes} bytes`);
  }
}

export class UnknownAppError extends HttpError {
  constructor() {
    super('ERR_UNKNOWN_APP', 'appId is not configured on this server');
  }
}

export class InvalidCodeError extends HttpError {
  constructor(message = 'WeChat rejected the login code; call wx.login again') {
    super('ERR_INVALID_CODE', message);
  }
}

export class UserBlockedError extends HttpError {
  constructor() {
    super('ERR_USER_BLOCKED', 'WeChat flagged this user as high risk');
  }
}

export class SessionKeyExchangeFailedError extends HttpError {
  constructor(message = 'could not exchange the login code with WeChat') {
    super('ERR_SESSION_KEY_EXCHANGE_FAILED', message);
  }
}

/** WeChat answered a server API call (other than the login exchange) with an error, or not in time. */
export class WechatFailedError extends HttpError {
  constructor(message = 'WeChat did not answer the request; try again shortly') {
    super('ERR_WECHAT_FAILED', message);
  }
}

export class UntrustedRawDataError extends HttpError {
  constructor() {
    super('ERR_UNTRUSTED_RAW_DATA', 'signature does not match rawData');
  }
}

export class DecryptFailedError extends HttpError {
  constructor(message = 'encryptedData could not be decrypted with this session') {
    super('ERR_DECRYPT_FAILED', message);
  }
}

export class InvalidSessionError extends HttpError {
  constructor(message = 'session credentials are missing or invalid; log in again') {
    super('ERR_INVALID_SESSION', message);
  }
}

export class SessionExpiredError extends HttpError {
  constructor() {
    super('ERR_SESSION_EXPIRED', 'session has expired; log in again');
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'not allowed for this user') {
    super('ERR_FORBIDDEN', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'not found') {
    super('ERR_NOT_FOUND', message);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: readonly string[]) {
    super('ERR_METHOD_NOT_ALLOWED', `method not allowed; use ${allowed.join(', ')}`, {
      allow: allowed.join(', '),
    });
  }
}

export class ContentRejectedError extends HttpError {
  constructor() {
    super('ERR_CONTENT_REJECTED', 'content was rejected by moderation');
  }
}

export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super('ERR_RATE_LIMITED', `too many requests; retry in ${seconds} s`, {
      'retry-after': String(seconds),
    });
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(service: string, cause?: unknown) {
    super('ERR_SERVICE_UNAVAILABLE', `${service} is unavailable; try again shortly`);
    if (cause !== undefined) this.cause = cause;
  }
}

export class InternalError extends HttpError {
  constructor() {
    super('ERR_INTERNAL', 'internal error', {}, false);
  }
}
