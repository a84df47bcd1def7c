// The trailer catalogue on the moderation desk: add, edit, remove a video (POST /admin/videos,
// PATCH|PUT|DELETE /admin/videos/{vid}), each written to the audit trail. Same rules as the rest of
// the desk: 404 to anyone but a moderator, input checked after that. The catalogue is shared by
// the deployment's mini programs; the audit entry is kept under the moderator's own.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Video as VideoView } from '../../../contract/wire.js';
import type { Clock } from '../../platform/clock.js';
import { InvalidInputError, NotFoundError } from '../../platform/errors.js';
import { displayText } from '../../platform/http/display-text.js';
import { parseInput } from '../../platform/http/route.js';
import type { AuditStore } from '../../stores/audit/store.js';
import type { Video, VideoStore } from '../../stores/video/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { VIDEO_ID } from '../comments/sample-catalogue.js';
import { type AdminDeps, recordAction, requireAdmin } from './admin.js';

export interface CatalogueDeps extends Pick<AdminDeps, 'apps'> {
  videos: VideoStore;
  audit: AuditStore;
  clock: Clock;
}

const https = z
  .string()
  .max(2048)
  .url()
  .refine((u) => u.startsWith('https://'), 'must be an https URL');
const fields = {
  title: displayText({ min: 1, max: 100 }),
  coverUrl: https,
  videoUrl: https,
};
const newVideo = z
  .object({ id: z.string().regex(VIDEO_ID, 'not a video id').optional(), ...fields })
  .strict();
const videoPatch = z.object(fields).partial().strict();
const videoId = z.string().regex(VIDEO_ID, 'not a video id');

const view = (v: Video): VideoView => ({ ...v, createdAt: v.createdAt.toISOString() });

export async function addVideo(deps: CatalogueDeps, session: AuthContext | undefined, body: unknown) {
  const admin = requireAdmin(deps, session);
  const input = parseInput(newVideo, body, 'body');
  const video: Video = {
    id: input.id ?? randomBytes(9).toString('base64url'),
    title: input.title,
    coverUrl: input.coverUrl,
    videoUrl: input.videoUrl,
    createdAt: new Date(deps.clock.now()),
  };
  if (!(await deps.videos.add(video))) throw new InvalidInputError(`id: a video ${video.id} already exists`);
  await recordAction(deps, admin, 'video.add', `video:${video.id}`, null, view(video));
  return { video: view(video) };
}

export async function editVideo(
  deps: CatalogueDeps,
  session: AuthContext | undefined,
  rawId: unknown,
  body: unknown,
) {
  const admin = requireAdmin(deps, session);
  const id = parseInput(videoId, rawId, 'vid');
  const patch = parseInput(videoPatch, body, 'body');
  if (Object.keys(patch).length === 0) throw new InvalidInputError('body: name title, coverUrl or videoUrl');
  const changed = await deps.videos.update(id, patch);
  if (!changed) throw new NotFoundError('no such video');
  await recordAction(deps, admin, 'video.edit', `video:${id}`, view(changed.before), view(changed.after));
  return { video: view(changed.after) };
}

export async function removeVideo(deps: CatalogueDeps, session: AuthContext | undefined, rawId: unknown) {
  const admin = requireAdmin(deps, session);
  const id = parseInput(videoId, rawId, 'vid');
  const removed = await deps.videos.remove(id);
  if (!removed) throw new NotFoundError('no such video');
  await recordAction(deps, admin, 'video.remove', `video:${id}`, view(removed), null);
  return { deleted: true as const };
}
