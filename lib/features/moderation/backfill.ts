// npm run migrate's part for image moderation: album images stored before moderation existed have
// no record, so they would list as pending and never be shown as avatars. Each one is recorded as
// visible (it was public already), with its owner when a grant still names it. Images with a record
// are left as they are, so a rerun changes nothing. Images stored since moderation first saw one
// (less a margin for clocks and events in flight) are left to album-check: one without a record
// then is one whose check has not run or failed, and is never made visible unchecked.
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import type { AlbumOwnerStore } from '../../stores/album-owner/store.js';
import type { ImageStore } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import { parseAlbumKey } from '../album/owner.js';

/** Objects this close to moderation's start (or to now, before it ever ran) are left to album-check. */
export const BACKFILL_MARGIN_MS = 10 * 60_000;

export interface BackfillDeps {
  images: ImageStore;
  /** Undefined when migrate has no Redis: the owners stay unknown (""). */
  owners: AlbumOwnerStore | undefined;
  objects: ObjectStore;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

/** Walks album/ in pages; answers how many images it recorded and how many had a record already. */
export async function recordEarlierImages(
  deps: BackfillDeps,
): Promise<{ recorded: number; known: number; left: number }> {
  const start = (await deps.images.moderationStart())?.getTime() ?? deps.clock.now();
  const cutoff = start - BACKFILL_MARGIN_MS;
  let recorded = 0;
  let known = 0;
  let left = 0;
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
      if (object.lastModified.getTime() >= cutoff) {
        left++;
        continue;
      }
      const openId = (await deps.owners?.ownerOf(parsed.appId, parsed.owner)) ?? '';
      const image = { id: parsed.name, key: object.key, appId: parsed.appId, openId };
      await deps.images.add({ ...image, status: 'visible', createdAt: object.lastModified });
      recorded++;
    }
    marker = page.nextMarker ?? undefined;
  } while (marker);
  return { recorded, known, left };
}
