// The account's dependencies on the embedded stores and a scratch bucket, for unit tests of the
// account's use cases and of the push receiver that calls them.
import { randomBytes } from 'node:crypto';
import type { AccountDeps } from '../../lib/features/account/deps.js';
import type { Clock } from '../../lib/platform/clock.js';
import type { AppConfig } from '../../lib/platform/config/index.js';
import { MemoryAlbumOwnerStore } from '../../lib/stores/album-owner/memory.js';
import { MemoryAuditStore } from '../../lib/stores/audit/memory.js';
import { MemoryCodeSessionStore } from '../../lib/stores/code-session/memory.js';
import { MemoryCommentStore } from '../../lib/stores/comment/memory.js';
import { MemoryDrawingStore } from '../../lib/stores/drawing/memory.js';
import { MemoryGameStore } from '../../lib/stores/game/memory.js';
import { MemoryImageStore } from '../../lib/stores/image/memory.js';
import { memoryRateLimiter } from '../../lib/stores/rate-limit/memory.js';
import { MemorySessionStore } from '../../lib/stores/session/memory.js';
import { MemoryUserStore } from '../../lib/stores/user/memory.js';
import { scratchBucket } from './scratch-bucket.js';

export function memoryAccountDeps(
  clock: Clock,
  apps: Map<string, AppConfig>,
  parts: Partial<AccountDeps> = {},
): AccountDeps & { files: ReturnType<typeof scratchBucket>['files']; game: MemoryGameStore } {
  const { files, objects } = scratchBucket();
  const sessions = new MemorySessionStore();
  const key = randomBytes(32);
  return {
    users: new MemoryUserStore(),
    sessions,
    codes: new MemoryCodeSessionStore(clock),
    drawings: new MemoryDrawingStore(),
    comments: new MemoryCommentStore(),
    images: new MemoryImageStore(),
    owners: new MemoryAlbumOwnerStore(clock),
    objects,
    audit: new MemoryAuditStore(),
    refreshUser: (appId, openId, user) => sessions.updateUser(appId, openId, user),
    phoneKey: () => key,
    exportLimiter: memoryRateLimiter({
      name: `export-${randomBytes(4).toString('hex')}`,
      points: 5,
      durationSeconds: 3600,
    }),
    deleteLimiter: memoryRateLimiter({
      name: `delete-${randomBytes(4).toString('hex')}`,
      points: 5,
      durationSeconds: 60,
    }),
    apps: { apps },
    clock,
    ...parts,
    files,
    game: new MemoryGameStore(clock),
  };
}
