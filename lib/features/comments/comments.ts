// Comments on trailers: read by anyone, written by logged-in users at most 10 a minute, moderated
// by WeChat (risky -> rejected, review -> visible to its author only), deleted by their author.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuthContext } from '../auth/sessions.js';
import { ContentRejectedError, InternalError, NotFoundError } from '../../platform/errors.js';
import { type listQuery, type Page, positionCursor, positionOf } from '../../platform/http/pagination.js';
import type { Runtime } from '../../app/runtime.js';
import type { Comment } from '../../stores/comment/store.js';
import type { Video } from '../../stores/video/store.js';
import { characterCount, hasControlCharacters } from '../../platform/text.js';
import { VIDEO_ID } from './catalogue.js';

const COMMENT_ID = /^[A-Za-z0-9_-]{16}$/;
const DEFAULT_AUTHOR = { nickName: '微信用户', avatarUrl: '' };

export const videoParams = z.object({ vid: z.string().regex(VIDEO_ID, 'not a video id') });
export const commentParams = videoParams.extend({ id: z.string().regex(COMMENT_ID, 'not a comment id') });

export const commentBody = z.object({
  content: z
    .string()
    .transform((s) => s.trim())
    .refine(
      (s) => characterCount(s) >= 1 && characterCount(s) <= 500,
      'must be 1..500 characters after trimming',
    )
    .refine((s) => !hasControlCharacters(s, '\n'), 'must not contain control characters other than newline'),
});

export interface CommentView {
  id: string;
  content: string;
  createdAt: string;
  author: { nickName: string; avatarUrl: string };
  mine: boolean;
}

type VideoView = Omit<Video, 'createdAt'> & { createdAt: string };

export async function listVideos(rt: Runtime, query: z.output<typeof listQuery>): Promise<Page<VideoView>> {
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, VIDEO_ID);
  const found = await rt.videos.list({ limit: query.limit + 1, after });
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    nextCursor: found.length > query.limit && last ? positionCursor(last) : null,
  };
}

export async function listComments(
  rt: Runtime,
  vid: string,
  session: AuthContext | undefined,
  query: z.output<typeof listQuery>,
): Promise<Page<CommentView>> {
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, COMMENT_ID);
  const [exists, found] = await Promise.all([
    rt.videos.exists(vid),
    rt.comments.list(vid, {
      limit: query.limit + 1,
      after,
      viewer: session && { appId: session.appId, openId: session.openId },
    }),
  ]);
  if (!exists) throw new NotFoundError('no such video');
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((c) => view(c, session)),
    nextCursor: found.length > query.limit && last ? positionCursor(last) : null,
  };
}

export async function postComment(rt: Runtime, vid: string, session: AuthContext, content: string) {
  if (!(await rt.videos.exists(vid))) throw new NotFoundError('no such video');
  await rt.commentLimiter.consume(`${session.appId}:${session.openId}`);
  const app = rt.config.apps.get(session.appId);
  if (!app) throw new InternalError();
  const verdict = await rt.contentCheck.check(app, session.openId, content);
  if (verdict === 'risky') throw new ContentRejectedError();
  const user = await rt.users.get(session.appId, session.openId);
  const comment: Comment = {
    id: randomBytes(12).toString('base64url'),
    vid,
    appId: session.appId,
    openId: session.openId,
    content,
    status: verdict === 'review' ? 'review' : 'visible',
    createdAt: new Date(rt.clock()),
    author: {
      nickName: user?.nickName ?? DEFAULT_AUTHOR.nickName,
      avatarUrl: user?.avatarUrl ?? DEFAULT_AUTHOR.avatarUrl,
    },
  };
  await rt.comments.add(comment);
  return { ...view(comment, session), status: comment.status };
}

export async function deleteComment(
  rt: Runtime,
  vid: string,
  id: string,
  session: AuthContext,
): Promise<void> {
  if (!(await rt.comments.delete(vid, id, session))) throw new NotFoundError('no such comment of yours');
}

function view(c: Comment, session: AuthContext | undefined): CommentView {
  return {
    id: c.id,
    content: c.content,
    createdAt: c.createdAt.toISOString(),
    author: c.author,
    mine: session !== undefined && c.appId === session.appId && c.openId === session.openId,
  };
}
