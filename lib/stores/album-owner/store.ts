// AlbumOwnerStore: whose album a key's owner part is. The owner part is a one-way hash of the
// openId (keys appear in URLs), so each signed upload and each STS grant records it here, in Redis
// next to the rate limit it already spends (no MongoDB on the upload path), for OWNER_TTL_MS; the
// COS trigger reads it moments later to ask WeChat about the image for that user.

/** Long past any grant's validity (uploads 10 min, STS 30 min); each new grant renews it. */
export const OWNER_TTL_MS = 30 * 86_400_000;

export interface AlbumOwnerStore {
  remember(appId: string, owner: string, openId: string): Promise<void>;
  ownerOf(appId: string, owner: string): Promise<string | null>;
  /** Forgets the owner (an account deleted): later uploads under it find no owner. */
  forget(appId: string, owner: string): Promise<void>;
}
