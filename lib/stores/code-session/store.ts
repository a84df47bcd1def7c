// CodeSessionStore: for weapp-session clients, which reuse their wx.login code as the credential.
// Only a hash of the code is kept, bound to the session it opened (by the session's uuid and skey
// hash), for the session's lifetime; after logout the code is marked revoked so it cannot open a
// new session by itself.

export interface CodeBinding {
  uuid: string;
  skeyHash: string;
}

export interface CodeSessionStore {
  get(codeHash: string): Promise<CodeBinding | 'revoked' | null>;
  bind(codeHash: string, binding: CodeBinding, ttlMs: number): Promise<void>;
  revoke(codeHash: string, ttlMs: number): Promise<void>;
}
