// POST /profile: since 2022 WeChat no longer hands out nickname and avatar; the user picks an
// avatar (chooseAvatar) and types a nickname (type="nickname"), and the mini program sends them here.
import { z } from 'zod';
import type { UserView } from '../../../contract/wire.js';
import type { ContentChecker } from '../../integrations/wechat/content-check.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import {
  ContentRejectedError,
  InternalError,
  InvalidInputError,
  InvalidSessionError,
} from '../../platform/errors.js';
import { displayText } from '../../platform/http/display-text.js';
import type { UserStore } from '../../stores/user/store.js';
import type { AuthContext, SessionService } from './sessions.js';
import { toUserView } from './user-view.js';

export const profileBody = z
  .object({
    nickName: displayText({ min: 1, max: 64 }).optional(),
    avatarUrl: z.string().min(1).max(1024).optional(),
  })
  .refine((b) => b.nickName !== undefined || b.avatarUrl !== undefined, 'send nickName or avatarUrl');

export interface ProfileDeps {
  users: UserStore;
  /** Nicknames are shown to others (comment authors, game rooms): WeChat judges them first. */
  contentCheck: ContentChecker;
  apps: Pick<Config, 'apps'>;
  sessions: SessionService;
  clock: Clock;
  /** Whether `key` names an image in this user's own album (an avatar may be one). */
  isOwnImage(key: string, session: AuthContext): boolean;
}

export async function updateProfile(
  deps: ProfileDeps,
  session: AuthContext,
  patch: z.output<typeof profileBody>,
): Promise<UserView> {
  if (patch.avatarUrl !== undefined && !isAcceptableAvatar(deps, patch.avatarUrl, session)) {
    throw new InvalidInputError('avatarUrl: must be an https URL or a key in your album');
  }
  if (patch.nickName !== undefined) await assertAcceptableName(deps, session, patch.nickName);
  const now = new Date(deps.clock.now());
  const record = await deps.users.updateProfile(session.appId, session.openId, patch, now);
  if (!record) throw new InvalidSessionError('user no longer exists; log in again');
  const user = toUserView(record);
  await deps.sessions.refreshUser(session.appId, session.openId, user);
  return user;
}

/** A nickname is shown at once and everywhere, so one WeChat would send to review is refused too. */
async function assertAcceptableName(
  deps: ProfileDeps,
  session: AuthContext,
  nickName: string,
): Promise<void> {
  const app = deps.apps.apps.get(session.appId);
  if (!app) throw new InternalError();
  if ((await deps.contentCheck.check(app, session.openId, nickName, 'profile')) !== 'pass')
    throw new ContentRejectedError();
}

function isAcceptableAvatar(deps: ProfileDeps, value: string, session: AuthContext): boolean {
  if (deps.isOwnImage(value, session)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
