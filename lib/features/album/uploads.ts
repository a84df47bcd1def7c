// Signed uploads scoped to one key, type and size: a POST form for wx.uploadFile and a PUT for
// wx.request. Image bytes never pass through a function.
import { z } from 'zod';
import type { UploadGrant } from '../../../contract/wire.js';
import { InvalidInputError } from '../../platform/errors.js';
import type { AuthContext } from '../auth/sessions.js';
import type { AlbumDeps } from './deps.js';
import { IMAGE_TYPES, type ImageType, newAlbumName } from './names.js';
import { albumPrefix, ownerPrefix } from './owner.js';

const UPLOAD_TTL_MS = 10 * 60_000;

export const uploadBody = z.object({
  contentType: z.enum(Object.keys(IMAGE_TYPES) as [ImageType, ...ImageType[]]),
  size: z.number().int().min(1),
});

export async function signUpload(
  deps: Pick<AlbumDeps, 'objects' | 'owners' | 'uploadLimiter' | 'clock' | 'maxBytes'>,
  session: AuthContext,
  body: z.output<typeof uploadBody>,
): Promise<UploadGrant> {
  if (body.size > deps.maxBytes) throw new InvalidInputError(`size: must be at most ${deps.maxBytes} bytes`);
  await deps.uploadLimiter.consume(`${session.appId}:${session.openId}`);
  // The key's owner part is a one-way hash: moderation learns whose image it is from here.
  await deps.owners.remember(session.appId, ownerPrefix(session.appId, session.openId), session.openId);
  const now = new Date(deps.clock.now());
  const expiresAt = new Date(now.getTime() + UPLOAD_TTL_MS);
  const name = newAlbumName(body.contentType, now);
  const key = `${albumPrefix(session.appId, session.openId)}${name}`;
  const scope = { contentType: body.contentType, size: body.size, now, expiresAt };
  return {
    name,
    key,
    expiresAt: expiresAt.toISOString(),
    post: deps.objects.presignPost(key, scope),
    put: deps.objects.presignPut(key, scope),
  };
}
