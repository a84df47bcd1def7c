// NonceStore: signed messages seen within their freshness window (WeChat's pushes), shared by every
// instance, so a message delivered again is recognised. A nonce is claimed before its message is
// handled, marked done after, and given back if handling failed, so a retry of a failure is handled
// again while a replay of a success changes nothing.

export type NonceState = 'new' | 'pending' | 'done';

export interface NonceStore {
  /** Claims `key` for `ttlMs`: 'new' when it was not seen (now pending), else what it is. */
  claim(key: string, ttlMs: number): Promise<NonceState>;
  /** The message of `key` was handled: a replay within `ttlMs` is recognised as done. */
  finish(key: string, ttlMs: number): Promise<void>;
  /** Handling failed: the next delivery of `key` is handled as new. */
  release(key: string): Promise<void>;
}
