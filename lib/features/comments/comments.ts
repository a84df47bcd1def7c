// Comments on trailers: read by anyone, written by logged-in users at most 10 a minute, moderated
// by WeChat (risky -> rejected, review -> visible to its author only), deleted by their author.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Comment as CommentView, Page, PostedComment } from '../../../contract/wire.js';
import type { ContentChecker } from '../../integrations/wechat/content-check.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import { ContentRejectedError, InternalError, NotFoundError } from '../../platform/errors.js';
import { displayText } from '../../platform/http/display-text.js';
import { type listQuery, pageOf, positionCursor, positionOf } from '../../platform/http/pagination.js';
import type { Comment, CommentStore } from '../../stores/comment/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { UserStore } from '../../stores/user/store.js';
import type { VideoStore } from '../../stores/video/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { type AvatarDeps, shownAvatars } from '../moderation/avatars.js';
import { VIDEO_ID } from './sample-catalogue.js';

const COMMENT_ID = /^[A-Za-z0-9_-]{16}$/;
const DEFAULT_AUTHOR = { nickName: '微信用户', avatarUrl: '' };

export interface CommentDeps {
  videos: VideoStore;
  comments: CommentStore;
  users: UserStore;
  commentLimiter: RateLimiter;
  contentCheck: ContentChecker;
  /** Authors' avatars as others may see them (album images only once they passed moderation). */
  avatars: AvatarDeps;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

/** A route's warm-up: the catalogue and comment collections ready while the session is checked. */
export const warmComments = async (deps: CommentDeps): Promise<void> => {
  await Promise.all([deps.videos.ensureIndexes(), deps.comments.ensureIndexes()]);
};

export const videoParams = z.object({ vid: z.string().regex(VIDEO_ID, 'not a video id') });
export const commentParams = videoParams.extend({ id: z.string().regex(COMMENT_ID, 'not a comment id') });

export const commentBody = z.object({
  content: displayText({ min: 1, max: 500, allowed: '\n' }),
});

export async function listComments(
  deps: Pick<CommentDeps, 'videos' | 'comments' | 'avatars'>,
  vid: string,
  session: AuthContext | undefined,
  query: z.output<typeof listQuery>,
): Promise<Page<CommentView>> {
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, COMMENT_ID);
  const [exists, found] = await Promise.all([
    deps.videos.exists(vid),
    deps.comments.list(vid, {
      limit: query.limit + 1,
      after,
      viewer: session && { appId: session.appId, openId: session.openId },
    }),
  ]);
  if (!exists) throw new NotFoundError('no such video');
  const avatars = await avatarsOf(deps, found, session);
  return pageOf(found, query.limit, (c) => view(c, session, avatars.get(c) ?? ''), positionCursor);
}

export async function postComment(
  deps: CommentDeps,
  vid: string,
  session: AuthContext,
  content: string,
): Promise<PostedComment> {
  if (!(await deps.videos.exists(vid))) throw new NotFoundError('no such video');
  await deps.commentLimiter.consume(`${session.appId}:${session.openId}`);
  const app = deps.apps.apps.get(session.appId);
  if (!app) throw new InternalError();
  const verdict = await deps.contentCheck.check(app, session.openId, content, 'comment');
  if (verdict === 'risky') throw new ContentRejectedError();
  const user = await deps.users.get(session.appId, session.openId);
  const comment: Comment = {
    id: randomBytes(12).toString('base64url'),
    vid,
    appId: session.appId,
    openId: session.openId,
    content,
    status: verdict === 'review' ? 'review' : 'visible',
    createdAt: new Date(deps.clock.now()),
    author: {
      nickName: user?.nickName ?? DEFAULT_AUTHOR.nickName,
      avatarUrl: user?.avatarUrl ?? DEFAULT_AUTHOR.avatarUrl,
    },
  };
  await deps.comments.add(comment);
  const avatars = await avatarsOf(deps, [comment], session);
  return { ...view(comment, session, avatars.get(comment) ?? ''), status: comment.status };
}

export async function deleteComment(
  deps: Pick<CommentDeps, 'comments'>,
  vid: string,
  id: string,
  session: AuthContext,
): Promise<void> {
  if (!(await deps.comments.delete(vid, id, session))) throw new NotFoundError('no such comment of yours');
}

const isMine = (c: Comment, session: AuthContext | undefined) =>
  session !== undefined && c.appId === session.appId && c.openId === session.openId;

async function avatarsOf(
  deps: Pick<CommentDeps, 'avatars'>,
  comments: readonly Comment[],
  session: AuthContext | undefined,
): Promise<Map<Comment, string>> {
  const refs = comments.map((c) => ({
    appId: c.appId,
    avatarUrl: c.author.avatarUrl,
    own: isMine(c, session),
  }));
  const shown = await shownAvatars(deps.avatars, refs);
  return new Map(comments.map((c, i) => [c, shown[i]!]));
}

function view(c: Comment, session: AuthContext | undefined, avatarUrl: string): CommentView {
  return {
    id: c.id,
    content: c.content,
    createdAt: c.createdAt.toISOString(),
    author: { nickName: c.author.nickName, avatarUrl },
    mine: isMine(c, session),
  };
}
