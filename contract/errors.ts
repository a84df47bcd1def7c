// The contract's error codes (../shared/API.md) and the HTTP status of each: the one list that
// both the server's error model and the mini-program client compile against.

export const ERROR_STATUS = {
  ERR_INVALID_INPUT: 400,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_UNKNOWN_APP: 400,
  ERR_INVALID_CODE: 401,
  ERR_USER_BLOCKED: 403,
  ERR_SESSION_KEY_EXCHANGE_FAILED: 502,
  ERR_WECHAT_FAILED: 502,
  ERR_UNTRUSTED_RAW_DATA: 401,
  ERR_DECRYPT_FAILED: 400,
  ERR_INVALID_SESSION: 401,
  ERR_SESSION_EXPIRED: 401,
  ERR_FORBIDDEN: 403,
  ERR_NOT_FOUND: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_CONTENT_REJECTED: 422,
  ERR_RATE_LIMITED: 429,
  ERR_SERVICE_UNAVAILABLE: 503,
  ERR_INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every failed answer. */
export interface ErrorEnvelope {
  ok: false;
  error: ErrorCode;
  message: string;
  requestId: string;
}

/** The body of every successful answer. */
export interface SuccessEnvelope<T> {
  ok: true;
  data: T;
}
