// The contract's error codes as one union, and the error every failed call rejects with.

export type ContractErrorCode =
  | 'ERR_INVALID_INPUT'
  | 'ERR_PAYLOAD_TOO_LARGE'
  | 'ERR_UNKNOWN_APP'
  | 'ERR_INVALID_CODE'
  | 'ERR_USER_BLOCKED'
  | 'ERR_SESSION_KEY_EXCHANGE_FAILED'
  | 'ERR_UNTRUSTED_RAW_DATA'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_INVALID_SESSION'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_FORBIDDEN'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_CONTENT_REJECTED'
  | 'ERR_RATE_LIMITED'
  | 'ERR_SERVICE_UNAVAILABLE'
  | 'ERR_INTERNAL';

/** Failures on the client's side: the request never got an answer, or COS refused an upload. */
export type ClientErrorCode = 'ERR_NETWORK' | 'ERR_UPLOAD_FAILED' | 'ERR_LOGIN_FAILED';

export type ErrorCode = ContractErrorCode | ClientErrorCode;

export class WeappScfError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 0,
    readonly requestId?: string,
    /** Seconds to wait, from `retry-after`, for ERR_RATE_LIMITED. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'WeappScfError';
  }
}

export const isSessionError = (err: unknown): boolean =>
  err instanceof WeappScfError && (err.code === 'ERR_SESSION_EXPIRED' || err.code === 'ERR_INVALID_SESSION');
