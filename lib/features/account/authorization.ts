// WeChat's 授权用户信息变更 pushes, for one user of one of our mini programs:
//   user_authorization_cancellation  the user cancelled their account -> the whole deletion (DELETE /me)
//   user_authorization_revoke        RevokeInfo 6, 19, 20 (nickname, avatar) -> both cleared, and the
//                                    avatar's album image deleted; 8 (phone) -> the phone deleted;
//                                    14 (chosen images or videos) -> the album deleted; others: nothing
//   user_info_modified               the platform cleaned a risky profile -> nickname and avatar cleared
// Each is idempotent (a repeat finds nothing left to do); a user we do not know changes nothing.

import type { Owner } from '../../stores/owner.js';
import { toUserView } from '../auth/user-view.js';
import { deleteAlbum, deleteAvatarImage } from './album.js';
import { deleteAccount } from './delete.js';
import type { AccountDeps } from './deps.js';

export const AUTHORIZATION_EVENTS = [
  'user_authorization_cancellation',
  'user_authorization_revoke',
  'user_info_modified',
] as const;
export type AuthorizationEvent = (typeof AUTHORIZATION_EVENTS)[number];

export const isAuthorizationEvent = (event: string): event is AuthorizationEvent =>
  (AUTHORIZATION_EVENTS as readonly string[]).includes(event);

const PROFILE = new Set(['6', '19', '20']);
const PHONE = '8';
const MEDIA = '14';

/** What changed, for the log line (no personal data). */
export async function authorizationChanged(
  deps: AccountDeps,
  owner: Owner,
  event: AuthorizationEvent,
  revokeInfo: unknown,
): Promise<string> {
  const { appId, openId } = owner;
  const user = await deps.users.get(appId, openId);
  if (event === 'user_authorization_cancellation') {
    // A deletion that failed part way may have removed the user already and left their sessions.
    if (!user && (await deps.sessions.ofUser(appId, openId)).length === 0) return 'unknown user';
    await deleteAccount(deps, owner, 'wechat');
    return 'account deleted';
  }
  if (!user) return 'unknown user';
  const revoked = new Set(
    String(revokeInfo ?? '')
      .split(/[,\s]+/)
      .filter(Boolean),
  );
  const done: string[] = [];
  if (event === 'user_info_modified' || [...revoked].some((v) => PROFILE.has(v))) {
    await clearProfile(deps, owner, user.avatarUrl);
    done.push('profile cleared');
  }
  if (event === 'user_authorization_revoke' && revoked.has(PHONE)) {
    await deps.users.setPhone(appId, openId, null, new Date(deps.clock.now()));
    done.push('phone deleted');
  }
  if (event === 'user_authorization_revoke' && revoked.has(MEDIA)) {
    await deleteAlbum(deps, owner);
    done.push('album deleted');
  }
  return done.join(', ') || 'nothing to do';
}

async function clearProfile(deps: AccountDeps, owner: Owner, avatarUrl: string | undefined) {
  await deleteAvatarImage(deps, owner, avatarUrl);
  const user = await deps.users.clearProfile(owner.appId, owner.openId, new Date(deps.clock.now()));
  if (user) await deps.refreshUser(owner.appId, owner.openId, toUserView(user));
}
