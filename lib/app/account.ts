// The account's use cases (GET /me/export, DELETE /me, WeChat's authorization pushes) get every
// store that holds something of a user, so nothing is left out of an export or a deletion.
import { DELETIONS_PER_MINUTE } from '../features/account/delete.js';
import type { AccountDeps } from '../features/account/deps.js';
import { EXPORTS_PER_HOUR } from '../features/account/export.js';
import type { SessionService } from '../features/auth/sessions.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config/index.js';
import type { Integrations } from './integrations.js';
import type { Stores } from './stores.js';

export function accountDeps(
  stores: Stores,
  outside: Pick<Integrations, 'objects'>,
  sessions: SessionService,
  phoneKey: () => Buffer,
  config: Config,
  clock: Clock,
): AccountDeps {
  return {
    users: stores.users,
    sessions: stores.sessions,
    codes: stores.codes,
    drawings: stores.drawings,
    comments: stores.comments,
    images: stores.images,
    owners: stores.owners,
    objects: outside.objects,
    audit: stores.audit,
    game: stores.game,
    refreshUser: (appId, openId, user) => sessions.refreshUser(appId, openId, user),
    phoneKey,
    exportLimiter: stores.limiter('account-export', EXPORTS_PER_HOUR, 3600),
    deleteLimiter: stores.limiter('account-delete', DELETIONS_PER_MINUTE),
    apps: config,
    clock,
  };
}
