// CodeSessionStore: for weapp-session clients, which reuse their wx.login code as the credential.
// Only a hash of the code is kept, bound to the session it opened (by the session's uuid and skey
// hash), for the session's lifetime; after logout the code is marked revoked so it cannot open a
// new session by itself.

export interface CodeBinding {
  uuid: string;
  skeyHash: string;
}

/** Whose code it is: each user's codes are listed, so deleting an account revokes them all. */
export interface CodeOwner {
  appId: string;
  openId: string;
}

export interface CodeSessionStore {
  get(codeHash: string): Promise<CodeBinding | 'revoked' | null>;
  bind(codeHash: string, binding: CodeBinding, ttlMs: number, owner: CodeOwner): Promise<void>;
  revoke(codeHash: string, ttlMs: number): Promise<void>;
  /** Revokes every code the user bound and forgets the list; a repeat is harmless. */
  revokeAllOf(owner: CodeOwner, ttlMs: number): Promise<void>;
}
