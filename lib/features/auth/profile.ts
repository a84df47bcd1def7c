// POST /profile: since 2022 WeChat no longer hands out nickname and avatar; the user picks an
// avatar (chooseAvatar) and types a nickname (type="nickname"), and the mini program sends them here.
import { z } from 'zod';
import { isOwnAlbumKey } from '../album/owner.js';
import { InvalidInputError, InvalidSessionError } from '../../platform/errors.js';
import type { Runtime } from '../../app/runtime.js';
import { characterCount, hasControlCharacters } from '../../platform/text.js';
import type { AuthContext } from './sessions.js';
import { toUserView, type UserView } from './user-view.js';

export const profileBody = z
  .object({
    nickName: z
      .string()
      .transform((s) => s.trim())
      .refine((s) => characterCount(s) >= 1 && characterCount(s) <= 64, 'must be 1..64 characters')
      .refine((s) => !hasControlCharacters(s), 'must not contain control characters')
      .optional(),
    avatarUrl: z.string().min(1).max(1024).optional(),
  })
  .refine((b) => b.nickName !== undefined || b.avatarUrl !== undefined, 'send nickName or avatarUrl');

export async function updateProfile(
  rt: Runtime,
  session: AuthContext,
  patch: z.output<typeof profileBody>,
): Promise<UserView> {
  if (patch.avatarUrl !== undefined && !isAcceptableAvatar(patch.avatarUrl, session)) {
    throw new InvalidInputError('avatarUrl: must be an https URL or a key in your album');
  }
  const record = await rt.users.updateProfile(session.appId, session.openId, patch, new Date(rt.clock()));
  if (!record) throw new InvalidSessionError('user no longer exists; log in again');
  const user = toUserView(record);
  await rt.sessions.refreshUser(session.appId, session.openId, user);
  return user;
}

function isAcceptableAvatar(value: string, session: AuthContext): boolean {
  if (isOwnAlbumKey(value, session.appId, session.openId)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
