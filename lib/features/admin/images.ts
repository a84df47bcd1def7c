// Album images on the moderation desk: list them by status (`review` first: WeChat's doubtful
// ones and those with no known owner), approve one (visible) or refuse it (rejected: the object
// deleted and its owner's avatar cleared). Same rules as the rest of the desk: 404 to anyone but a
// moderator, input checked after that, every action in the audit trail.
import { z } from 'zod';
import type { Page } from '../../../contract/wire.js';
import { NotFoundError } from '../../platform/errors.js';
import { listQuery } from '../../platform/http/pagination.js';
import { parseInput } from '../../platform/http/route.js';
import { IMAGE_STATUSES, type ImageRecord } from '../../stores/image/store.js';
import { ALBUM_NAME_PATTERN } from '../album/names.js';
import type { AuthContext } from '../auth/sessions.js';
import { type ModerationDeps, purge } from '../moderation/images.js';
import { type AdminDeps, deskPage, recordAction, requireAdmin } from './admin.js';

export type ImageDeskDeps = Pick<AdminDeps, 'apps' | 'audit' | 'clock'> & { moderation: ModerationDeps };

const VIEW_URL_TTL_MS = 15 * 60_000;

const imageQuery = listQuery.extend({
  status: z
    .enum(IMAGE_STATUSES)
    .optional()
    .transform((s) => s ?? 'review'),
});
const imageName = z.string().regex(ALBUM_NAME_PATTERN, 'not an album image name');
const decisionBody = z.object({ status: z.enum(['visible', 'rejected']) }).strict();

/** What a moderator sees of an image: a short-lived URL to look at it (none once it is deleted). */
export interface AdminImage {
  name: string;
  status: ImageRecord['status'];
  owner: string;
  url: string | null;
  createdAt: string;
  updatedAt: string;
}

function viewOf(deps: ImageDeskDeps, image: ImageRecord): AdminImage {
  const now = new Date(deps.clock.now());
  const until = new Date(now.getTime() + VIEW_URL_TTL_MS);
  return {
    name: image.id,
    status: image.status,
    owner: image.openId,
    url: image.status === 'rejected' ? null : deps.moderation.objects.downloadUrl(image.key, now, until),
    createdAt: image.createdAt.toISOString(),
    updatedAt: image.updatedAt.toISOString(),
  };
}

export function listImagesFor(
  deps: ImageDeskDeps,
  session: AuthContext | undefined,
  rawQuery: unknown,
): Promise<Page<AdminImage>> {
  const read = { schema: imageQuery, idPattern: ALBUM_NAME_PATTERN };
  return deskPage(
    deps,
    session,
    rawQuery,
    read,
    (appId, query, page) => deps.moderation.images.listByStatus(appId, query.status, page),
    (image) => viewOf(deps, image),
  );
}

export async function decideImage(
  deps: ImageDeskDeps,
  session: AuthContext | undefined,
  rawName: unknown,
  body: unknown,
): Promise<{ image: AdminImage }> {
  const admin = requireAdmin(deps, session);
  const name = parseInput(imageName, rawName, 'name');
  const { status } = parseInput(decisionBody, body, 'body');
  const { images } = deps.moderation;
  const now = new Date(deps.clock.now());
  // A refused image stays refused. Its purge comes after the decision is recorded and audited, so
  // a purge that fails (COS, MongoDB) is done again by refusing it again.
  const changed = await images.setStatus(admin.appId, name, ['pending', 'review', 'visible'], status, now);
  if (!changed) {
    const found = await images.get(admin.appId, name);
    if (!found) throw new NotFoundError('no such image');
    if (found.status !== status) throw new NotFoundError('this image was refused and deleted');
    if (status === 'rejected') await purge(deps.moderation, found);
    return { image: viewOf(deps, found) };
  }
  await recordAction(
    deps,
    admin,
    'image.status',
    `image:${name}`,
    { status: changed.before.status },
    { status },
    changed.after,
  );
  if (status === 'rejected') await purge(deps.moderation, changed.after);
  return { image: viewOf(deps, changed.after) };
}
