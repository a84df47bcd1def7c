// Album images are judged before anyone else sees them. When an image lands (the COS trigger on
// album/), WeChat's media_check_async is asked about it and the trace recorded with the image as
// pending; WeChat's push (wxa_media_check) settles it: pass -> visible, review -> kept from others
// until a moderator decides, risky -> rejected: the object deleted and an avatar pointing at it
// cleared. Redelivered events, duplicate pushes and a push that beats its own trace's record all
// end in the same state (a verdict is recorded first and applied from either side).
import type { MediaChecker } from '../../integrations/wechat/media-check.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import { log } from '../../platform/log.js';
import type { AlbumOwnerStore } from '../../stores/album-owner/store.js';
import type { ImageRecord, ImageStatus, ImageStore, ImageVerdict } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import type { UserStore } from '../../stores/user/store.js';
import { parseAlbumKey } from '../album/owner.js';
import { toUserView } from '../auth/user-view.js';

/** How long WeChat's download URL for the image stays valid. */
const CHECK_URL_TTL_MS = 60 * 60_000;

export interface ModerationDeps {
  images: ImageStore;
  /** Whose album an object's key is in (recorded when its upload was signed). */
  owners: AlbumOwnerStore;
  objects: ObjectStore;
  /** Undefined when images are not checked (WX_CONTENT_CHECK=off, the dev stub): visible at once. */
  media: MediaChecker | undefined;
  /** Whether WeChat's verdicts can arrive (WX_PUSH_TOKEN set). Without it nobody would ever hear
   * WeChat's answer, so WeChat is not asked and images wait for a moderator (review). */
  receivesVerdicts: boolean;
  users: UserStore;
  /** Puts a user's changed profile into their sessions (an avatar cleared). */
  refreshUser(appId: string, openId: string, user: ReturnType<typeof toUserView>): Promise<void>;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

export type Arrival = ImageStatus | 'ignored';

/** An object was created in the bucket: records it and asks WeChat about it (once per image). */
export async function imageArrived(deps: ModerationDeps, key: string): Promise<Arrival> {
  const parsed = parseAlbumKey(key);
  const app = parsed && deps.apps.apps.get(parsed.appId);
  if (!parsed || !app) return 'ignored';
  const object = await deps.objects.head(key);
  if (!object) return 'ignored'; // deleted since (a late event)
  const now = new Date(deps.clock.now());
  // From here on an image without a record is one moderation missed, not one from before it.
  await deps.images.noteModerationStart(now);
  const openId = await deps.owners.ownerOf(parsed.appId, parsed.owner);
  // Without a known owner WeChat cannot be asked (it wants the openid), and without the push
  // receiver its answer would never arrive: a moderator decides.
  const status: ImageStatus = !deps.media
    ? 'visible'
    : openId && deps.receivesVerdicts
      ? 'pending'
      : 'review';
  let image = await deps.images.add({
    id: parsed.name,
    key,
    appId: parsed.appId,
    openId: openId ?? '',
    status,
    createdAt: now,
    etag: object.etag,
  });
  if (image.key !== key) {
    // Another owner's image holds this name (written with the caller's own STS credentials to
    // borrow its status): this object is nobody's checked image, so it goes.
    log('warn', 'image name taken', { appId: parsed.appId, image: parsed.name });
    await deps.objects.delete(key);
    return 'rejected';
  }
  if (object.etag && image.etag !== object.etag) {
    // New bytes at a recorded key: a new object, judged again from the start.
    image =
      (await deps.images.renew(parsed.appId, key, object.etag, status, now)) ??
      (await deps.images.get(parsed.appId, parsed.name)) ??
      image;
    log('info', 'image replaced', { appId: parsed.appId, image: parsed.name, status: image.status });
  }
  if (!deps.media || image.status !== 'pending' || image.traceId !== undefined) return image.status;
  const url = deps.objects.downloadUrl(key, now, new Date(now.getTime() + CHECK_URL_TTL_MS));
  const traceId = await deps.media.submit(app, image.openId, url);
  const traced = await deps.images.setTrace(image.appId, image.id, traceId, now);
  if (!traced) return (await deps.images.get(image.appId, image.id))?.status ?? 'ignored';
  const early = await deps.images.verdictOf(image.appId, traceId);
  return early ? settle(deps, traced, early) : traced.status;
}

/** WeChat's verdict for a trace (a wxa_media_check push). */
export async function verdictArrived(
  deps: ModerationDeps,
  appId: string,
  traceId: string,
  verdict: ImageVerdict,
): Promise<Arrival> {
  await deps.images.recordVerdict(appId, traceId, verdict, new Date(deps.clock.now()));
  const image = await deps.images.byTrace(appId, traceId);
  return image ? settle(deps, image, verdict) : 'ignored';
}

const STATUS_OF: Record<ImageVerdict, ImageStatus> = { pass: 'visible', review: 'review', risky: 'rejected' };

/** Applies WeChat's verdict to a pending image; a settled one keeps its status (a moderator may have
 * decided already). A rejected image is purged again, so a retried push finishes a cut-off purge. */
async function settle(deps: ModerationDeps, image: ImageRecord, verdict: ImageVerdict): Promise<ImageStatus> {
  const now = new Date(deps.clock.now());
  const changed = await deps.images.setStatus(image.appId, image.id, ['pending'], STATUS_OF[verdict], now);
  const status = changed?.after.status ?? (await deps.images.get(image.appId, image.id))?.status;
  if (status === 'rejected') await purge(deps, image);
  if (changed) log('info', 'image judged', { appId: image.appId, image: image.id, verdict, status });
  return status ?? 'rejected';
}

/** A refused image: its object deleted, and its owner's avatar cleared if it pointed at it. */
export async function purge(deps: ModerationDeps, image: Pick<ImageRecord, 'appId' | 'openId' | 'key'>) {
  await deps.objects.delete(image.key);
  if (!image.openId) return;
  const user = await deps.users.clearAvatar(image.appId, image.openId, image.key, new Date(deps.clock.now()));
  if (user) await deps.refreshUser(image.appId, image.openId, toUserView(user));
}
