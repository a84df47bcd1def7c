// The contract's error codes (one definition, in contract/), and the error every failed call rejects with.
import type { ErrorCode as ErrorCodeOfContract } from '../../contract/errors.js';

export type ContractErrorCode = ErrorCodeOfContract;

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
