// A session record as the service stores one, for store-level tests on a Redis Cluster: its uuid
// carries the user's tag (newSessionCredentials), as every session the service makes does.
import { randomBytes } from 'node:crypto';
import { newSessionCredentials } from '../../lib/features/auth/tokens.js';
import type { SessionRecord } from '../../lib/stores/session/store.js';
import { userTag } from '../../lib/stores/session/tag.js';

const DAY = 86_400_000;

export function sessionRecord(
  openId: string,
  uuid = newSessionCredentials(userTag('wxapp', openId)).uuid,
  nickName = '集群',
): SessionRecord {
  const now = Date.now();
  return {
    uuid,
    skeyHash: randomBytes(32).toString('hex'),
    appId: 'wxapp',
    openId,
    sessionKey: randomBytes(16).toString('base64'),
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + 30 * DAY,
    slidingMs: 7 * DAY,
    user: { openId, nickName },
  };
}
