// A user's slot group on a Redis Cluster: 8 hex digits from the app and openId. New session uuids
// start with them (features/auth/tokens), so a user's sessions and their index share a slot while
// different users spread over the masters.
import { createHash } from 'node:crypto';

export function userTag(appId: string, openId: string): string {
  return createHash('sha256').update(`weapp-scf/slot\u0000${appId}\u0000${openId}`).digest('hex').slice(0, 8);
}
