// The account's use cases on the embedded stores: an export lists what the user made, a deletion
// leaves nothing of theirs and everything of another user's, a deletion that fails at any step
// finishes when run again, and WeChat's authorization events do what each RevokeInfo asks.
import { describe, expect, it } from 'vitest';
import { memoryAccountDeps } from '../../../test/support/account-deps.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { RateLimitedError } from '../../platform/errors.js';
import { gameUid } from '../../stores/game/uid.js';
import type { Owner } from '../../stores/owner.js';
import { recordAction } from '../admin/admin.js';
import { albumPrefix, ownerPrefix } from '../album/owner.js';
import { SessionService } from '../auth/sessions.js';
import { sealPhone } from '../phone/cipher.js';
import { deleteAvatarImage } from './album.js';
import { authorizationChanged } from './authorization.js';
import {
  ACCOUNT_DELETED,
  DELETIONS_PER_MINUTE,
  deleteAccount,
  deleteMeBody,
  deleteOwnAccount,
} from './delete.js';
import { ACCOUNT_STORES, type AccountDeps } from './deps.js';
import { exportAccount } from './export.js';
import { accountSubject } from './subject.js';

const app: AppConfig = {
  appId: 'wxa',
  secret: 's',
  loginDurationMs: 86_400_000,
  sessionDurationMs: 3_600_000,
};
const apps = new Map([['wxa', app]]);
const ann: Owner = { appId: 'wxa', openId: 'o-ann-0123456789abcdef' };
const bob: Owner = { appId: 'wxa', openId: 'o-bob-0123456789abcdef' };
const moderator: Owner = { appId: 'wxa', openId: 'o-mod-0123456789abcdef' };

type Deps = ReturnType<typeof memoryAccountDeps>;

/** One user with something in every store, as the routes would leave it. */
async function populate(deps: Deps, who: Owner, nickName: string) {
  const now = new Date(deps.clock.now());
  await deps.users.upsertOnLogin({ ...who, now, profile: { nickName } });
  const prefix = albumPrefix(who.appId, who.openId);
  const avatar = `${prefix}000000001-aaaaaaaaaaaaaaaa.png`;
  await deps.users.updateProfile(who.appId, who.openId, { avatarUrl: avatar }, now);
  await deps.users.setPhone(
    who.appId,
    who.openId,
    {
      sealed: sealPhone(deps.phoneKey(), who.appId, who.openId, '13800138000'),
      masked: '138****8000',
      countryCode: '86',
      boundAt: now,
    },
    now,
  );
  await deps.drawings.save(who, {
    id: `d-${nickName}-1`,
    title: 'cat',
    createdAt: now,
    actionCount: 1,
    actions: [{ method: 'stroke', data: [1] }],
  });
  const comment = {
    ...who,
    vid: 'sintel',
    status: 'visible' as const,
    createdAt: now,
    author: { nickName, avatarUrl: avatar },
  };
  await deps.comments.add({
    ...comment,
    id: `${nickName}-comment-a`.padEnd(16, 'x').slice(0, 16),
    content: `${nickName} says hi`,
  });
  await deps.comments.add({
    ...comment,
    id: `${nickName}-comment-b`.padEnd(16, 'y').slice(0, 16),
    content: `${nickName} was hidden`,
  });
  const hidden = await deps.comments.setStatus(
    who.appId,
    `${nickName}-comment-b`.padEnd(16, 'y').slice(0, 16),
    'hidden',
  );
  const desk = { ...moderator, uuid: 'm', user: { openId: moderator.openId }, expiresAt: now };
  await recordAction(
    deps,
    desk,
    'comment.status',
    'comment:b',
    { status: 'visible' },
    { status: 'hidden' },
    hidden!.after,
  );
  await recordAction(
    deps,
    desk,
    'comment.delete',
    'comment:b',
    { content: `${nickName} was hidden`, author: { ...who, nickName } },
    null,
  );
  for (const [name, status] of [
    ['000000001-aaaaaaaaaaaaaaaa.png', 'visible'],
    ['000000002-bbbbbbbbbbbbbbbb.png', 'review'],
  ] as const) {
    await deps.files.put(`${prefix}${name}`, Buffer.from(`${nickName}${name}`), 'image/png');
    await deps.images.add({
      id: name,
      key: `${prefix}${name}`,
      appId: who.appId,
      openId: who.openId,
      status,
      createdAt: now,
    });
    await deps.images.setTrace(who.appId, name, `trace-${nickName}-${status}`, now);
    await deps.images.recordVerdict(who.appId, `trace-${nickName}-${status}`, 'pass', now);
  }
  await deps.owners.remember(who.appId, ownerPrefix(who.appId, who.openId), who.openId);
  const sessions = new SessionService(deps.sessions, deps.clock, 10);
  const opened = await sessions.open(app, who.openId, 'sk', { openId: who.openId, nickName }, 'wafer2');
  await sessions.open(app, who.openId, 'sk', { openId: who.openId, nickName }, 'mina_auth');
  await deps.codes.bind(`code-${nickName}`, { uuid: opened.uuid, skeyHash: 'h' }, 60_000, who);
  await deps.game.join({ uid: gameUid(who.appId, who.openId), nickName, avatarUrl: '' }, `room-${nickName}`);
  return { opened, session: await sessions.authenticate(opened), avatar, prefix };
}

describe('exporting an account', () => {
  it('lists the profile, the phone in full, drawings, comments, images, live sessions and decisions', async () => {
    const deps = memoryAccountDeps(new SettableClock(), apps);
    const { session, prefix } = await populate(deps, ann, 'Ann');
    await populate(deps, bob, 'Bob');
    const data = await exportAccount(deps, session);
    expect(data.profile).toMatchObject({
      openId: ann.openId,
      nickName: 'Ann',
      avatarUrl: `${prefix}000000001-aaaaaaaaaaaaaaaa.png`,
    });
    expect(data.phone).toMatchObject({ phoneNumber: '13800138000', countryCode: '86' });
    expect(data.drawings).toEqual([
      expect.objectContaining({ id: 'd-Ann-1', title: 'cat', path: '/drawings/d-Ann-1' }),
    ]);
    expect(data.drawings[0]).not.toHaveProperty('actions');
    expect(data.comments.map((c) => [c.content, c.status]).sort()).toEqual([
      ['Ann says hi', 'visible'],
      ['Ann was hidden', 'hidden'],
    ]);
    expect(data.images.map((i) => [i.key.slice(prefix.length), i.status])).toEqual([
      ['000000001-aaaaaaaaaaaaaaaa.png', 'visible'],
      ['000000002-bbbbbbbbbbbbbbbb.png', 'review'],
    ]);
    expect(data.images.every((i) => typeof i.url === 'string' && i.url.includes('q-sign'))).toBe(true);
    expect(data.sessions.map((s) => s.door).sort()).toEqual(['mina_auth', 'wafer2']);
    expect(data.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(data.decisions.map((d) => d.action).sort()).toEqual(['comment.delete', 'comment.status']);
    const text = JSON.stringify(data);
    expect(text).not.toContain(bob.openId);
    expect(text).not.toContain(moderator.openId); // who decided stays with the desk
    expect(text).not.toContain(session.uuid);
  });

  it('allows 5 an hour', async () => {
    const deps = memoryAccountDeps(new SettableClock(), apps);
    const { session } = await populate(deps, ann, 'Ann');
    for (let i = 0; i < 5; i++) await exportAccount(deps, session);
    await expect(exportAccount(deps, session)).rejects.toBeInstanceOf(RateLimitedError);
  });
});

/** Everything the embedded stores hold, as text (the real stores are read key by key elsewhere). */
async function everything(deps: Deps, who: Owner) {
  const page = { limit: 1000 };
  return JSON.stringify([
    await deps.users.get(who.appId, who.openId),
    await deps.users.getPhone(who.appId, who.openId),
    await deps.drawings.list(who, page),
    await deps.comments.ofOwner(who, page),
    await deps.images.ofOwner.list(who, page),
    await deps.images.verdictOf(who.appId, `trace-${who === ann ? 'Ann' : 'Bob'}-visible`),
    await deps.owners.ownerOf(who.appId, ownerPrefix(who.appId, who.openId)),
    await deps.sessions.ofUser(who.appId, who.openId),
    await deps.codes.get(`code-${who === ann ? 'Ann' : 'Bob'}`),
    await deps.audit.about(who.appId, accountSubject(who.appId, who.openId), who.openId, 1000),
    (await deps.files.list(albumPrefix(who.appId, who.openId), '', 1000)).items,
  ]);
}

describe('deleting an account', () => {
  it('leaves nothing of the user, everything of another, one audit entry; twice is harmless', async () => {
    const clock = new SettableClock();
    const deps = memoryAccountDeps(clock, apps);
    const { prefix } = await populate(deps, ann, 'Ann');
    await populate(deps, bob, 'Bob');
    const bobBefore = await everything(deps, bob);
    const told: string[] = [];
    const game = {
      leave: deps.game.leave.bind(deps.game),
      endSession: async (uuid: string) => void told.push(uuid),
    };
    const run = () => deleteAccount({ ...deps, game }, ann, 'user');
    await run();
    const left = await everything(deps, ann);
    for (const secret of [
      ann.openId,
      prefix,
      ownerPrefix(ann.appId, ann.openId),
      '13800138000',
      'Ann',
      'trace-Ann',
    ])
      expect(left, secret).not.toContain(secret);
    expect(await deps.codes.get('code-Ann')).toBe('revoked');
    expect(told).toHaveLength(2);
    expect(await deps.game.leave(gameUid(ann.appId, ann.openId))).toBeNull();
    const entries = (await deps.audit.list('wxa', { limit: 100 })).filter(
      (e) => e.action === 'account.delete',
    );
    expect(entries).toEqual([
      expect.objectContaining({ actor: accountSubject(ann.appId, ann.openId), after: { trigger: 'user' } }),
    ]);
    expect(entries[0]!.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await run();
    expect(
      (await deps.audit.list('wxa', { limit: 100 })).filter((e) => e.action === 'account.delete'),
    ).toHaveLength(1);
    // Bob's comments' audit entries still name Bob; only Ann's were redacted.
    expect(await everything(deps, bob)).toBe(bobBefore);
  });

  it('finishes when run again after a failure at any step, and the session works until the end', async () => {
    let failAt = 1;
    for (; ; failAt++) {
      const deps = memoryAccountDeps(new SettableClock(), apps);
      const { opened } = await populate(deps, ann, 'Ann');
      let calls = 0;
      const faulty = withFault(deps, () => ++calls === failAt);
      const failed = await deleteAccount(faulty, ann, 'user').then(
        () => false,
        () => true,
      );
      if (!failed) break; // past the last step
      const sessions = new SessionService(deps.sessions, deps.clock, 10);
      await expect(sessions.authenticate(opened), `fail at ${failAt}`).resolves.toBeTruthy();
      await deleteAccount(deps, ann, 'user');
      const left = await everything(deps, ann);
      expect(left, `fail at ${failAt}`).not.toContain(ann.openId);
      expect(left).not.toContain('Ann');
      await expect(sessions.authenticate(opened)).rejects.toThrow();
    }
    expect(failAt).toBeGreaterThanOrEqual(15); // every store call of the deletion was made to fail once
  });

  it('DELETE /me: 5 a minute per user (a retry after a 503 passes, a loop does not); pushes are not limited', async () => {
    const deps = memoryAccountDeps(new SettableClock(), apps);
    await populate(deps, ann, 'Ann');
    for (let i = 0; i < 5; i++) await deleteOwnAccount(deps, ann);
    await populate(deps, ann, 'Ann');
    await expect(deleteOwnAccount(deps, ann)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await deps.users.get(ann.appId, ann.openId)).not.toBeNull(); // refused before any step
    await deleteOwnAccount(deps, bob); // another user's own budget
    expect(await authorizationChanged(deps, ann, 'user_authorization_cancellation', undefined)).toBe(
      'account deleted',
    );
    expect(DELETIONS_PER_MINUTE).toBe(5);
  });

  it('takes only {"confirm": true}', () => {
    expect(deleteMeBody.safeParse({ confirm: true }).success).toBe(true);
    for (const body of [{}, { confirm: 'true' }, { confirm: false }, { confirm: true, also: 1 }, null, 'yes'])
      expect(deleteMeBody.safeParse(body).success, JSON.stringify(body)).toBe(false);
    expect(ACCOUNT_DELETED).toMatchObject({ type: 'error', message: 'account deleted' });
  });
});

/** The deps with every store call counted; the one `fail` picks throws (a store down) before acting. */
function withFault(deps: AccountDeps, fail: () => boolean): AccountDeps {
  const wrap = <T extends object>(store: T): T =>
    new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value === 'object' && value !== null && name === 'ofOwner') return wrap(value);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (fail()) return Promise.reject(new Error(`store down at ${String(name)}`));
          return value.apply(target, args);
        };
      },
    });
  const stores = ACCOUNT_STORES;
  return { ...deps, ...Object.fromEntries(stores.map((s) => [s, wrap(deps[s])])) };
}

describe("WeChat's authorization events", () => {
  const setUp = async () => {
    const deps = memoryAccountDeps(new SettableClock(), apps);
    const made = await populate(deps, ann, 'Ann');
    return { deps, ...made };
  };

  for (const info of ['6', '19', '20']) {
    it(`RevokeInfo ${info}: nickname and avatar cleared, the avatar's album image deleted, the sessions told`, async () => {
      const { deps, avatar, prefix } = await setUp();
      expect(await authorizationChanged(deps, ann, 'user_authorization_revoke', info)).toBe(
        'profile cleared',
      );
      const user = await deps.users.get(ann.appId, ann.openId);
      expect(user?.nickName).toBeUndefined();
      expect(user?.avatarUrl).toBeUndefined();
      expect(await deps.files.head(avatar)).toBeNull();
      expect(await deps.images.get(ann.appId, avatar.slice(prefix.length))).toBeNull();
      expect(await deps.files.head(`${prefix}000000002-bbbbbbbbbbbbbbbb.png`)).not.toBeNull();
      expect(
        (await deps.sessions.ofUser(ann.appId, ann.openId)).every((s) => s.user.nickName === undefined),
      ).toBe(true);
      expect(await deps.users.getPhone(ann.appId, ann.openId)).not.toBeNull();
      expect(await authorizationChanged(deps, ann, 'user_authorization_revoke', info)).toBe(
        'profile cleared',
      );
    });
  }

  it('RevokeInfo 8: the phone number deleted, nothing else', async () => {
    const { deps } = await setUp();
    expect(await authorizationChanged(deps, ann, 'user_authorization_revoke', '8')).toBe('phone deleted');
    expect(await deps.users.getPhone(ann.appId, ann.openId)).toBeNull();
    expect((await deps.users.get(ann.appId, ann.openId))?.nickName).toBe('Ann');
  });

  it('RevokeInfo 14: the album deleted (objects, records, verdicts, grant), nothing else', async () => {
    const { deps, prefix } = await setUp();
    expect(await authorizationChanged(deps, ann, 'user_authorization_revoke', '14')).toBe('album deleted');
    expect((await deps.files.list(prefix, '', 10)).items).toEqual([]);
    expect(await deps.images.ofOwner.list(ann, { limit: 10 })).toEqual([]);
    expect(await deps.images.verdictOf(ann.appId, 'trace-Ann-visible')).toBeNull();
    expect(await deps.owners.ownerOf(ann.appId, ownerPrefix(ann.appId, ann.openId))).toBeNull();
    expect(await deps.users.getPhone(ann.appId, ann.openId)).not.toBeNull();
  });

  it('other RevokeInfo values change nothing; user_info_modified clears the profile', async () => {
    const { deps } = await setUp();
    for (const info of ['1', '2', '5', '13', '15', '', undefined, 'x'])
      expect(await authorizationChanged(deps, ann, 'user_authorization_revoke', info)).toBe('nothing to do');
    expect((await deps.users.get(ann.appId, ann.openId))?.nickName).toBe('Ann');
    expect(await authorizationChanged(deps, ann, 'user_info_modified', undefined)).toBe('profile cleared');
    expect((await deps.users.get(ann.appId, ann.openId))?.nickName).toBeUndefined();
  });

  it('cancellation deletes the account as WeChat asked; an unknown user changes nothing', async () => {
    const { deps } = await setUp();
    const stranger = { appId: 'wxa', openId: 'o-nobody-0123456789ab' };
    const auditBefore = await deps.audit.list('wxa', { limit: 100 });
    expect(await authorizationChanged(deps, stranger, 'user_authorization_cancellation', undefined)).toBe(
      'unknown user',
    );
    expect(await authorizationChanged(deps, stranger, 'user_authorization_revoke', '8')).toBe('unknown user');
    expect(await deps.audit.list('wxa', { limit: 100 })).toEqual(auditBefore);
    expect(await authorizationChanged(deps, ann, 'user_authorization_cancellation', undefined)).toBe(
      'account deleted',
    );
    expect(await everything(deps, ann)).not.toContain(ann.openId);
    const entry = (await deps.audit.list('wxa', { limit: 100 })).find((e) => e.action === 'account.delete');
    expect(entry).toMatchObject({ actor: 'wechat', after: { trigger: 'wechat' } });
    expect(await authorizationChanged(deps, ann, 'user_authorization_cancellation', undefined)).toBe(
      'unknown user',
    );
  });

  it('an avatar outside the album is left alone by the album', async () => {
    const deps = memoryAccountDeps(new SettableClock(), apps);
    await expect(deleteAvatarImage(deps, ann, 'https://thirdwx.qlogo.cn/x/132')).resolves.toBeUndefined();
    await expect(
      deleteAvatarImage(deps, ann, `${albumPrefix('wxa', bob.openId)}000000001-aaaaaaaaaaaaaaaa.png`),
    ).resolves.toBeUndefined();
  });
});
