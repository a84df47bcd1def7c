// TokenStore: where WeChat's access token is cached, with a lock so one refresher at a time calls
// stable_token: Redis, shared by every container, or this process when running embedded.

export interface CachedToken {
  token: string;
  expiresAt: number;
}

export interface TokenStore {
  get(appId: string): Promise<CachedToken | null>;
  put(appId: string, value: CachedToken, ttlMs: number): Promise<void>;
  /** Takes the refresh lock for `ttlMs`; returns its release, or null when another holder has it. */
  lock(appId: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}
