// The moderation desk, under /admin: a mini program's moderators (WX_APPS[].admins, WX_ADMINS) list
// comments by status (review first), show or hide one, delete any; every action is written to the
// audit trail (who, what, when, before and after), which they can list. Everyone else gets 404 on
// every /admin route, so nothing says the desk exists.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Page } from '../../../contract/wire.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import { NotFoundError } from '../../platform/errors.js';
import { listQuery, pageOf, positionCursor, positionOf } from '../../platform/http/pagination.js';
import { parseInput } from '../../platform/http/route.js';
import type { AuditEntry, AuditStore } from '../../stores/audit/store.js';
import type { Comment, CommentStore } from '../../stores/comment/store.js';
import type { Owner } from '../../stores/owner.js';
import type { Position } from '../../stores/position.js';
import { accountSubject } from '../account/subject.js';
import type { AuthContext } from '../auth/sessions.js';

export interface AdminDeps {
  comments: CommentStore;
  audit: AuditStore;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

const COMMENT_ID = /^[A-Za-z0-9_-]{16}$/;

// Checked here, after requireAdmin, not by the route: a non-moderator's malformed request must get
// the same 404 as any other, not a 400 that says the route exists.
const commentQuery = listQuery.extend({
  status: z
    .enum(['review', 'visible', 'hidden'])
    .optional()
    .transform((s) => s ?? 'review'),
});
const commentId = z.string().regex(COMMENT_ID, 'not a comment id');
const statusBody = z.object({ status: z.enum(['visible', 'hidden']) }).strict();

/** The moderator's session, or 404 for anyone else (no session or a bad one included). */
/** Whether `session` is a moderator of its mini program. */
export function isModerator(deps: Pick<AdminDeps, 'apps'>, session: AuthContext | undefined): boolean {
  return (
    session !== undefined && deps.apps.apps.get(session.appId)?.admins?.includes(session.openId) === true
  );
}

export function requireAdmin(deps: Pick<AdminDeps, 'apps'>, session: AuthContext | undefined): AuthContext {
  if (!session || !isModerator(deps, session)) throw new NotFoundError();
  return session;
}

/** What a moderator sees of a comment: everything but nothing of the author beyond their name. */
export interface AdminComment {
  id: string;
  vid: string;
  content: string;
  status: Comment['status'];
  createdAt: string;
  author: { openId: string; nickName: string; avatarUrl: string };
}

const adminView = (c: Comment): AdminComment => ({
  id: c.id,
  vid: c.vid,
  content: c.content,
  status: c.status,
  createdAt: c.createdAt.toISOString(),
  author: { openId: c.openId, ...c.author },
});

/** Writes one moderator action to the audit trail; `about`: whose content it was (their export
 * lists it, and their account's deletion redacts it). */
export async function recordAction(
  deps: Pick<AdminDeps, 'audit' | 'clock'>,
  session: AuthContext,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
  about?: Owner,
) {
  const entry: AuditEntry = {
    id: randomBytes(12).toString('base64url'),
    appId: session.appId,
    actor: session.openId,
    action,
    target,
    before,
    after,
    ...(about ? { subject: accountSubject(about.appId, about.openId) } : {}),
    createdAt: new Date(deps.clock.now()),
  };
  await deps.audit.add(entry);
}

/** One page of a desk list: 404 to all but a moderator, then the query (with `limit` and `cursor`)
 * read by `schema`; `list` gets one item more than the page (to know whether another follows) and
 * the position after the cursor. */
export async function deskPage<
  Q extends { limit: number; cursor?: string | undefined },
  S extends Position,
  T,
>(
  deps: Pick<AdminDeps, 'apps'>,
  session: AuthContext | undefined,
  rawQuery: unknown,
  read: { schema: z.ZodType<Q, z.ZodTypeDef, unknown>; idPattern: RegExp },
  list: (appId: string, query: Q, page: { limit: number; after: Position | undefined }) => Promise<S[]>,
  view: (item: S) => T,
): Promise<Page<T>> {
  const admin = requireAdmin(deps, session);
  const query = parseInput(read.schema, rawQuery, 'query');
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, read.idPattern);
  const found = await list(admin.appId, query, { limit: query.limit + 1, after });
  return pageOf(found, query.limit, view, positionCursor);
}

export function listCommentsFor(
  deps: AdminDeps,
  session: AuthContext | undefined,
  rawQuery: unknown,
): Promise<Page<AdminComment>> {
  const read = { schema: commentQuery, idPattern: COMMENT_ID };
  return deskPage(
    deps,
    session,
    rawQuery,
    read,
    (appId, query, page) => deps.comments.listByStatus(appId, query.status, page),
    adminView,
  );
}

export async function setCommentStatus(
  deps: AdminDeps,
  session: AuthContext | undefined,
  rawId: unknown,
  body: unknown,
): Promise<{ comment: AdminComment }> {
  const admin = requireAdmin(deps, session);
  const id = parseInput(commentId, rawId, 'id');
  const { status } = parseInput(statusBody, body, 'body');
  const changed = await deps.comments.setStatus(admin.appId, id, status);
  if (!changed) throw new NotFoundError('no such comment');
  await recordAction(
    deps,
    admin,
    'comment.status',
    `comment:${id}`,
    { status: changed.before.status },
    { status },
    changed.after,
  );
  return { comment: adminView(changed.after) };
}

export async function removeComment(
  deps: AdminDeps,
  session: AuthContext | undefined,
  rawId: unknown,
): Promise<{ deleted: true }> {
  const admin = requireAdmin(deps, session);
  const id = parseInput(commentId, rawId, 'id');
  const removed = await deps.comments.remove(admin.appId, id);
  if (!removed) throw new NotFoundError('no such comment');
  await recordAction(deps, admin, 'comment.delete', `comment:${id}`, adminView(removed), null, removed);
  return { deleted: true };
}
