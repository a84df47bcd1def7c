// GET /me/export: everything this mini program holds about the caller, as one JSON document: the
// profile, the phone number in full, drawings (by path), comments, album images (with an hour's
// download URL), live sessions (by door, without their credentials) and the moderators' decisions
// about the caller's content (without who made them). At most 5 an hour.
import type { AccountExport } from '../../../contract/wire.js';
import type { Owner } from '../../stores/owner.js';
import type { Position } from '../../stores/position.js';
import { isLive } from '../../stores/session/store.js';
import { albumPrefix } from '../album/owner.js';
import type { AuthContext } from '../auth/sessions.js';
import { openPhone } from '../phone/cipher.js';
import { type AccountDeps, PAGE } from './deps.js';
import { accountSubject } from './subject.js';

export const EXPORTS_PER_HOUR = 5;
const URL_TTL_MS = 3_600_000;

/** Every page of a newest-first list, up to `cap` items. */
async function all<T extends Position>(
  page: (after: Position | undefined) => Promise<T[]>,
  cap = 10 * PAGE,
): Promise<T[]> {
  const items: T[] = [];
  for (let after: Position | undefined; items.length < cap; ) {
    const got = await page(after);
    items.push(...got);
    if (got.length < PAGE) break;
    after = got[got.length - 1];
  }
  return items;
}

export async function exportAccount(deps: AccountDeps, session: AuthContext): Promise<AccountExport> {
  const { appId, openId } = session;
  const owner: Owner = { appId, openId };
  const subject = accountSubject(appId, openId);
  await deps.exportLimiter.consume(`${appId}:${subject}`);
  const now = new Date(deps.clock.now());
  const [user, stored, drawings, comments, records, sessions, decisions] = await Promise.all([
    deps.users.get(appId, openId),
    deps.users.getPhone(appId, openId),
    all((after) => deps.drawings.list(owner, { limit: PAGE, after })),
    all((after) => deps.comments.ofOwner(owner, { limit: PAGE, after })),
    all((after) => deps.images.ofOwner.list(owner, { limit: PAGE, after })),
    deps.sessions.ofUser(appId, openId),
    deps.audit.about(appId, subject, openId, 10 * PAGE),
  ]);
  const objects = await albumObjects(deps, owner);
  const statusOf = new Map(records.map((r) => [r.key, r.status]));
  const number = stored && openPhone(deps.phoneKey(), appId, openId, stored.sealed);
  return {
    exportedAt: now.toISOString(),
    appId,
    profile: user && {
      openId: user.openId,
      ...(user.unionId ? { unionId: user.unionId } : {}),
      nickName: user.nickName ?? '',
      avatarUrl: user.avatarUrl ?? '',
      ...pick(user, ['gender', 'language', 'city', 'province', 'country']),
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
      lastLoginAt: user.lastLoginAt.toISOString(),
    },
    phone: stored && {
      phoneNumber: number ?? null,
      countryCode: stored.countryCode,
      boundAt: stored.boundAt.toISOString(),
    },
    drawings: drawings.map((d) => ({
      id: d.id,
      title: d.title,
      createdAt: d.createdAt.toISOString(),
      actionCount: d.actionCount,
      path: `/drawings/${encodeURIComponent(d.id)}`,
    })),
    comments: comments.map((c) => ({
      id: c.id,
      vid: c.vid,
      content: c.content,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
    })),
    images: [
      ...objects.map((o) => ({
        key: o.key,
        status: statusOf.get(o.key) ?? 'pending',
        createdAt: o.lastModified.toISOString(),
        size: o.size,
        url: deps.objects.downloadUrl(o.key, now, new Date(now.getTime() + URL_TTL_MS)),
      })),
      // Kept records of objects that are gone (a rejected image): the decision, no bytes.
      ...records
        .filter((r) => !objects.some((o) => o.key === r.key))
        .map((r) => ({ key: r.key, status: r.status, createdAt: r.createdAt.toISOString(), url: null })),
    ],
    sessions: sessions
      .filter((s) => isLive(s, now.getTime()))
      .map((s) => ({
        door: s.door ?? 'unknown',
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        current: s.uuid === session.uuid,
      })),
    decisions: decisions
      .filter((e) => e.action !== 'account.delete')
      .map((e) => ({
        action: e.action,
        target: e.target,
        before: e.before,
        after: e.after,
        createdAt: e.createdAt.toISOString(),
      })),
  };
}

async function albumObjects(deps: Pick<AccountDeps, 'objects'>, { appId, openId }: Owner) {
  const prefix = albumPrefix(appId, openId);
  const objects = [];
  for (let marker: string | undefined; objects.length < 10 * PAGE; ) {
    const page = await deps.objects.list(prefix, { marker, maxKeys: 1000 });
    objects.push(...page.items);
    if (!page.nextMarker) break;
    marker = page.nextMarker;
  }
  return objects;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<
    Pick<T, K>
  >;
}
