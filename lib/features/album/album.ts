// The album: signed uploads scoped to one key, type and size; the caller's own images listed with
// download URLs; deletes of the caller's own images only. Image bytes never pass through here.
import { z } from 'zod';
import type { AuthContext } from '../auth/sessions.js';
import { InvalidInputError, NotFoundError, ServiceUnavailableError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, type listQuery, type Page } from '../../platform/http/pagination.js';
import type { Runtime } from '../../app/runtime.js';
import { ALBUM_NAME_PATTERN, IMAGE_TYPES, type ImageType, newAlbumName } from './names.js';
import { albumPrefix } from './owner.js';

const UPLOAD_TTL_MS = 10 * 60_000;
const DOWNLOAD_TTL_MS = 60 * 60_000;
const CREDENTIALS_TTL_SECONDS = 30 * 60;

export const uploadBody = z.object({
  contentType: z.enum(Object.keys(IMAGE_TYPES) as [ImageType, ...ImageType[]]),
  size: z.number().int().min(1),
});

export const nameParams = z.object({
  name: z.string().regex(ALBUM_NAME_PATTERN, 'not an album image name'),
});

export interface AlbumImage {
  name: string;
  key: string;
  url: string;
  size: number;
  lastModified: string;
}

export async function signUpload(rt: Runtime, session: AuthContext, body: z.output<typeof uploadBody>) {
  if (body.size > rt.config.albumMaxBytes) {
    throw new InvalidInputError(`size: must be at most ${rt.config.albumMaxBytes} bytes`);
  }
  await rt.uploadLimiter.consume(`${session.appId}:${session.openId}`);
  const now = new Date(rt.clock());
  const expiresAt = new Date(now.getTime() + UPLOAD_TTL_MS);
  const name = newAlbumName(body.contentType, now);
  const key = `${albumPrefix(session.appId, session.openId)}${name}`;
  const scope = { contentType: body.contentType, size: body.size, now, expiresAt };
  return {
    name,
    key,
    expiresAt: expiresAt.toISOString(),
    post: rt.objects.presignPost(key, scope),
    put: rt.objects.presignPut(key, scope),
  };
}

export async function listImages(
  rt: Runtime,
  session: AuthContext,
  query: z.output<typeof listQuery>,
): Promise<Page<AlbumImage>> {
  const prefix = albumPrefix(session.appId, session.openId);
  let marker: string | undefined;
  if (query.cursor !== undefined) {
    const name = decodeCursor(query.cursor);
    if (!ALBUM_NAME_PATTERN.test(name)) throw new InvalidInputError('cursor: not a cursor of this list');
    marker = `${prefix}${name}`;
  }
  const page = await rt.objects.list(prefix, { marker, maxKeys: query.limit });
  const now = new Date(rt.clock());
  const until = new Date(now.getTime() + DOWNLOAD_TTL_MS);
  const items = page.items.map((o) => ({
    name: o.key.slice(prefix.length),
    key: o.key,
    url: rt.objects.downloadUrl(o.key, now, until),
    size: o.size,
    lastModified: o.lastModified.toISOString(),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: page.nextMarker && last ? encodeCursor(last.name) : null };
}

export async function deleteImage(rt: Runtime, session: AuthContext, name: string): Promise<void> {
  const key = `${albumPrefix(session.appId, session.openId)}${name}`;
  // Only the caller's prefix is ever addressed, so another user's name is simply not found here.
  if (!(await rt.objects.head(key))) throw new NotFoundError('no such image in your album');
  await rt.objects.delete(key);
}

export async function temporaryCredentials(rt: Runtime, session: AuthContext) {
  if (!rt.sts || !rt.config.cos) throw new ServiceUnavailableError('STS (not configured)');
  const { bucket, region } = rt.config.cos;
  const allowPrefix = albumPrefix(session.appId, session.openId);
  const credentials = await rt.sts.federationToken({
    bucket,
    region,
    prefix: allowPrefix,
    durationSeconds: CREDENTIALS_TTL_SECONDS,
  });
  return { ...credentials, bucket, region, allowPrefix };
}
