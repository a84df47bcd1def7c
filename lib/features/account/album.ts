// A user's album, all of it: every object under their prefix, the records and verdicts about them,
// and the grant that ties the prefix to the openId. Each step finds what a failed run left.
import type { Owner } from '../../stores/owner.js';
import { albumPrefix, isOwnAlbumKey, ownerPrefix } from '../album/owner.js';
import type { AccountDeps } from './deps.js';

/** Objects deleted at once. */
const PARALLEL = 8;

export async function deleteAlbum(
  deps: Pick<AccountDeps, 'objects' | 'images' | 'owners'>,
  { appId, openId }: Owner,
): Promise<void> {
  const prefix = albumPrefix(appId, openId);
  for (let marker: string | undefined; ; ) {
    const page = await deps.objects.list(prefix, { marker, maxKeys: 1000 });
    const keys = page.items.map((o) => o.key);
    for (let i = 0; i < keys.length; i += PARALLEL)
      await Promise.all(keys.slice(i, i + PARALLEL).map((key) => deps.objects.delete(key)));
    if (!page.nextMarker) break;
    marker = page.nextMarker;
  }
  await deps.images.ofOwner.removeAll({ appId, openId });
  await deps.owners.forget(appId, ownerPrefix(appId, openId));
}

/** Deletes the user's avatar when it is an image of their own album (object and record). */
export async function deleteAvatarImage(
  deps: Pick<AccountDeps, 'objects' | 'images'>,
  { appId, openId }: Owner,
  avatarUrl: string | undefined,
): Promise<void> {
  if (!avatarUrl || !isOwnAlbumKey(avatarUrl, appId, openId)) return;
  await deps.objects.delete(avatarUrl);
  const name = avatarUrl.slice(avatarUrl.lastIndexOf('/') + 1);
  const record = await deps.images.get(appId, name);
  if (record?.key === avatarUrl) await deps.images.remove(appId, name);
}
