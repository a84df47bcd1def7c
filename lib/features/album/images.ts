// The caller's own images: listed newest first with download URLs, and deleted. Only the caller's
// prefix is ever addressed, so another user's name is simply not found.
import { z } from 'zod';
import type { AlbumImage, Page } from '../../../contract/wire.js';
import { InvalidInputError, NotFoundError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, type listQuery } from '../../platform/http/pagination.js';
import { textProblem } from '../../platform/text.js';
import type { AuthContext } from '../auth/sessions.js';
import type { AlbumDeps } from './deps.js';
import { ALBUM_NAME_PATTERN } from './names.js';
import { albumPrefix } from './owner.js';

const DOWNLOAD_TTL_MS = 60 * 60_000;

/** A name under the caller's prefix: one path segment, not `.` or `..`, printable. Anything under
 * the prefix may be deleted by its owner, though only album images are listed. */
const isObjectName = (name: string) =>
  name.length >= 1 &&
  name.length <= 255 &&
  !name.includes('/') &&
  name !== '.' &&
  name !== '..' &&
  textProblem(name) === undefined;

export const nameParams = z.object({
  name: z.string().refine(isObjectName, 'not a name in your album'),
});

export async function listImages(
  deps: Pick<AlbumDeps, 'objects' | 'images' | 'clock'>,
  session: AuthContext,
  query: z.output<typeof listQuery>,
): Promise<Page<AlbumImage>> {
  const prefix = albumPrefix(session.appId, session.openId);
  let marker: string | undefined;
  if (query.cursor !== undefined) {
    const name = decodeCursor(query.cursor);
    if (!isObjectName(name)) throw new InvalidInputError('cursor: not a cursor of this list');
    marker = `${prefix}${name}`;
  }
  const page = await deps.objects.list(prefix, { marker, maxKeys: query.limit });
  const now = new Date(deps.clock.now());
  const until = new Date(now.getTime() + DOWNLOAD_TTL_MS);
  // Only album images are listed (and presigned): whatever else sits under the prefix is not
  // shown, so nothing of another type is ever served from a URL this API handed out.
  const images = page.items.filter((o) => ALBUM_NAME_PATTERN.test(o.key.slice(prefix.length)));
  const names = images.map((o) => o.key.slice(prefix.length));
  const statuses = await deps.images.statuses(
    session.appId,
    images.map((o) => o.key),
  );
  // Not recorded yet: the COS event is on its way. Refused: deleted, or about to be.
  const items = images.flatMap((o, i): AlbumImage[] => {
    const status = statuses.get(o.key) ?? 'pending';
    if (status === 'rejected') return [];
    return [
      {
        name: names[i]!,
        key: o.key,
        url: deps.objects.downloadUrl(o.key, now, until),
        size: o.size,
        lastModified: o.lastModified.toISOString(),
        status,
      },
    ];
  });
  const after = page.nextMarker?.startsWith(prefix) ? page.nextMarker.slice(prefix.length) : undefined;
  return { items, nextCursor: after ? encodeCursor(after) : null };
}

export async function deleteImage(
  deps: Pick<AlbumDeps, 'objects' | 'images'>,
  session: AuthContext,
  name: string,
): Promise<void> {
  const key = `${albumPrefix(session.appId, session.openId)}${name}`;
  if (!(await deps.objects.head(key))) throw new NotFoundError('no such image in your album');
  await deps.objects.delete(key);
  const record = await deps.images.get(session.appId, name);
  if (record?.key === key) await deps.images.remove(session.appId, name);
}
