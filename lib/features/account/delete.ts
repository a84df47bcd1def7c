// DELETE /me and WeChat's user_authorization_cancellation: everything this mini program holds about
// one user, gone from Redis, MongoDB and COS. Content first, credentials last, so a failure part
// way (503) leaves the caller's session working and a retry (or a new login) finishes the rest.
// Every step is safe to run again; the audit keeps one `account.delete` entry naming a hash.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ServerFrame } from '../../../contract/game.js';
import { describeError, log } from '../../platform/log.js';
import { gameUid } from '../../stores/game/uid.js';
import type { Owner } from '../../stores/owner.js';
import { EXPIRED_RETENTION_MS } from '../../stores/session/store.js';
import { deleteAlbum } from './album.js';
import { type AccountDeps, type DeletionTrigger, PAGE } from './deps.js';
import { accountSubject } from './subject.js';

/** DELETE /me's body: the caller says so, in exactly these words. */
export const deleteMeBody = z.object({ confirm: z.literal(true) }).strict();

export const ACCOUNT_DELETED_MESSAGE = 'account deleted';
/** What an open game socket of a deleted account hears before it closes (4003). */
export const ACCOUNT_DELETED: ServerFrame = {
  type: 'error',
  error: 'ERR_INVALID_SESSION',
  message: ACCOUNT_DELETED_MESSAGE,
};

/** DELETE /me a minute per user: enough to retry after a 503 a few times, not to loop. */
export const DELETIONS_PER_MINUTE = 5;

/** DELETE /me: the caller's own account, within their limit (WeChat's pushes are not limited). */
export async function deleteOwnAccount(deps: AccountDeps, { appId, openId }: Owner): Promise<void> {
  await deps.deleteLimiter.consume(`${appId}:${accountSubject(appId, openId)}`);
  await deleteAccount(deps, { appId, openId }, 'user');
}

export async function deleteAccount(
  deps: AccountDeps,
  owner: Owner,
  trigger: DeletionTrigger,
): Promise<void> {
  const { appId, openId } = owner;
  const subject = accountSubject(appId, openId);
  await deleteAlbum(deps, owner);
  await deps.drawings.deleteAllOf(owner);
  await deps.comments.deleteAllOf(owner);
  await redactAudit(deps, owner, subject);
  await deps.game.leave(gameUid(appId, openId));
  await deps.users.delete(appId, openId);
  await deps.audit.put({
    id: deletionEntryId(subject),
    appId,
    actor: trigger === 'user' ? subject : 'wechat',
    action: 'account.delete',
    target: `account:${subject}`,
    before: null,
    after: { trigger },
    subject,
    createdAt: new Date(deps.clock.now()),
  });
  const app = deps.apps.apps.get(appId);
  await deps.codes.revokeAllOf(owner, (app?.loginDurationMs ?? 0) + EXPIRED_RETENTION_MS);
  const ended = await deps.sessions.deleteUser(appId, openId);
  // The sessions are gone already; a socket that misses this fails its next upgrade.
  await Promise.all(
    ended.map((uuid) =>
      deps.game
        .endSession(uuid, ACCOUNT_DELETED)
        .catch((err) => log('warn', 'account deleted: game not told', describeError(err))),
    ),
  );
}

/** The moderators' entries about the user's content keep what was decided, not what was written
 * or by whom: the text, nickname, avatar and openId give way to a hash. */
async function redactAudit(deps: Pick<AccountDeps, 'audit'>, { appId, openId }: Owner, subject: string) {
  // Another hash than the live subject's: a later account of the same person starts empty.
  const gone = createHash('sha256').update(`deleted\u0000${subject}`).digest('hex');
  const entries = await deps.audit.about(appId, subject, openId, PAGE);
  for (const entry of entries) {
    if (entry.action === 'account.delete') continue;
    await deps.audit.rewrite(appId, entry.id, {
      before: redacted(entry.before, gone),
      after: redacted(entry.after, gone),
      subject: gone,
    });
  }
}

function redacted(value: unknown, subject: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { content: _content, author: _author, ...rest } = value as Record<string, unknown>;
  return 'author' in value || 'content' in value ? { ...rest, author: { subject } } : rest;
}

/** One entry per person (a repeat replaces it), with an id shaped as the desk's other ids. */
const deletionEntryId = (subject: string): string =>
  createHash('sha256')
    .update(`account.delete\u0000${subject}`)
    .digest()
    .subarray(0, 12)
    .toString('base64url');
