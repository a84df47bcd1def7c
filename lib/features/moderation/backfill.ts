// npm run migrate's part for image moderation: album images stored before moderation existed have
// no record, so they would list as pending and never be shown as avatars. Each one is recorded as
// visible (it was public already), with its owner when a grant still names it. Images with a record
// are left as they are, so a rerun changes nothing.
import type { Config } from '../../platform/config/index.js';
import type { AlbumOwnerStore } from '../../stores/album-owner/store.js';
import type { ImageStore } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import { parseAlbumKey } from '../album/owner.js';

export interface BackfillDeps {
  images: ImageStore;
  /** Undefined when migrate has no Redis: the owners stay unknown (""). */
  owners: AlbumOwnerStore | undefined;
  objects: ObjectStore;
  apps: Pick<Config, 'apps'>;
}

/** Walks album/ in pages; answers how many images it recorded and how many had a record already. */
export async function recordEarlierImages(deps: BackfillDeps): Promise<{ recorded: number; known: number }> {
  let recorded = 0;
  let known = 0;
  let marker: string | undefined;
  do {
    const page = await deps.objects.list('album/', { marker, maxKeys: 500 });
    for (const object of page.items) {
      const parsed = parseAlbumKey(object.key);
      if (!parsed || !deps.apps.apps.has(parsed.appId)) continue;
      if (await deps.images.get(parsed.appId, parsed.name)) {
        known++;
        continue;
      }
      const openId = (await deps.owners?.ownerOf(parsed.appId, parsed.owner)) ?? '';
      const image = { id: parsed.name, key: object.key, appId: parsed.appId, openId };
      await deps.images.add({ ...image, status: 'visible', createdAt: object.lastModified });
      recorded++;
    }
    marker = page.nextMarker ?? undefined;
  } while (marker);
  return { recorded, known };
}
