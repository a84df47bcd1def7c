// Avatars as others see them: only checked ones. An album image once it passed moderation (WeChat's
// pass or a moderator's approval), as a download URL; an avatar from WeChat's own avatar hosts
// (wx.login's profile) as it is; anything else (an https URL from anywhere, a tracking pixel), an
// image not yet passed or refused: the default avatar (""). Its owner always sees their own.
import type { Clock } from '../../platform/clock.js';
import type { ImageStore } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import { parseAlbumKey } from '../album/owner.js';

const AVATAR_URL_TTL_MS = 60 * 60_000;
/** Where WeChat serves users' own avatars. */
const WECHAT_AVATAR_HOSTS = new Set(['thirdwx.qlogo.cn', 'wx.qlogo.cn']);

/** An https URL on one of WeChat's avatar hosts, with no credentials and no other port. */
export function isWechatAvatar(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' && WECHAT_AVATAR_HOSTS.has(u.hostname) && !u.port && !u.username && !u.password
    );
  } catch {
    return false;
  }
}

export interface AvatarDeps {
  images: ImageStore;
  objects: ObjectStore;
  clock: Clock;
}

export interface AvatarRef {
  appId: string;
  avatarUrl: string;
  /** The viewer is the avatar's owner. */
  own: boolean;
}

/** What to show for each avatar, in order; one status lookup per app for the whole list. */
export async function shownAvatars(deps: AvatarDeps, refs: readonly AvatarRef[]): Promise<string[]> {
  const keys = refs.map((r) => (r.avatarUrl.startsWith('album/') ? parseAlbumKey(r.avatarUrl) : null));
  const wanted = new Map<string, Set<string>>();
  refs.forEach((ref, i) => {
    const key = keys[i];
    if (key && !ref.own && key.appId === ref.appId)
      wanted.set(key.appId, (wanted.get(key.appId) ?? new Set()).add(ref.avatarUrl));
  });
  const statuses = new Map<string, Map<string, string>>();
  // By full key: a visible image of another owner with the same name is not this one.
  for (const [appId, keys] of wanted) statuses.set(appId, await deps.images.statuses(appId, [...keys]));
  const now = new Date(deps.clock.now());
  const until = new Date(now.getTime() + AVATAR_URL_TTL_MS);
  return refs.map((ref, i) => {
    const key = keys[i];
    if (!key)
      return (ref.own && ref.avatarUrl.startsWith('https://')) || isWechatAvatar(ref.avatarUrl)
        ? ref.avatarUrl
        : '';
    const passed = ref.own || statuses.get(key.appId)?.get(ref.avatarUrl) === 'visible';
    return passed ? deps.objects.downloadUrl(ref.avatarUrl, now, until) : '';
  });
}
