// A player's game id: a one-way hash of the app and openId, so frames never carry the openId.
import { createHash } from 'node:crypto';

export function gameUid(appId: string, openId: string): string {
  return createHash('sha256')
    .update(`weapp-scf/game\u0000${appId}\u0000${openId}`)
    .digest('hex')
    .slice(0, 16);
}
