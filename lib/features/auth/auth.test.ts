// The auth use cases on the embedded stores and a settable clock; WeChat is a three-line stand-in
// for the code exchange (its HTTP client has its own tests).
import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import {
  ContentRejectedError,
  InvalidInputError,
  InvalidSessionError,
  RateLimitedError,
  SessionExpiredError,
  UnknownAppError,
} from '../../platform/errors.js';
import { MemoryCodeSessionStore } from '../../stores/code-session/memory.js';
import { memoryRateLimiter } from '../../stores/rate-limit/memory.js';
import { MemorySessionStore } from '../../stores/session/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import { authenticate } from './authenticate.js';
import { readCredentials, wafer2Skey, waferId } from './credentials.js';
import { legacyProfile, parseRawData } from './legacy-profile.js';
import { type LoginDeps, login } from './login.js';
import { logout } from './logout.js';
import { profileBody, updateProfile } from './profile.js';
import { SessionService } from './sessions.js';
import { hashSkey, newSessionCredentials, SKEY_PATTERN, skeyHashMatches, UUID_PATTERN } from './tokens.js';
import { toUserView } from './user-view.js';

const DAY = 86_400_000;
const app: AppConfig = {
  appId: 'wxunit',
  secret: 'unit-secret',
  loginDurationMs: 30 * DAY,
  sessionDurationMs: 7 * DAY,
};

function setup() {
  const clock = new SettableClock();
  const start = Date.UTC(2026, 0, 1);
  clock.set(() => start);
  const sessions = new SessionService(new MemorySessionStore(), clock, 10);
  const users = new MemoryUserStore();
  const deps: LoginDeps = {
    apps: { apps: new Map([[app.appId, app]]), defaultAppId: app.appId },
    loginLimiter: memoryRateLimiter({ name: `login-${Math.random()}`, points: 3, durationSeconds: 60 }),
    wechat: {
      exchangeCode: async (_, code) => ({ openId: `o-${code}`, sessionKey: 'a2V5a2V5a2V5a2V5a2V5aw==' }),
    },
    users,
    sessions,
    clock,
  };
  return { clock, start, sessions, users, deps };
}

describe('tokens', () => {
  it('makes a random UUID and a 256-bit skey, and compares hashes in constant time', () => {
    const { uuid, skey } = newSessionCredentials();
    expect(uuid).toMatch(UUID_PATTERN);
    expect(skey).toMatch(SKEY_PATTERN);
    expect(Buffer.from(skey, 'base64url')).toHaveLength(32);
    expect(skeyHashMatches(hashSkey(skey), hashSkey(skey))).toBe(true);
    expect(skeyHashMatches(hashSkey(skey), hashSkey(`${skey.slice(1)}A`))).toBe(false);
    expect(skeyHashMatches('short', hashSkey(skey))).toBe(false);
  });
});

describe('readCredentials', () => {
  const { uuid, skey } = newSessionCredentials();
  it('reads headers first, then the body, then the query', () => {
    const modern = { kind: 'session', protocol: 'modern', uuid, skey };
    expect(
      readCredentials({ headers: { 'x-wx-id': uuid, 'x-wx-skey': skey }, query: {}, body: undefined }),
    ).toEqual(modern);
    expect(readCredentials({ headers: {}, query: {}, body: { uuid, skey } })).toEqual(modern);
    expect(readCredentials({ headers: {}, query: { uuid, skey }, body: undefined })).toEqual(modern);
  });

  it('reads the old SDKs’ forms: wafer ids, wafer2 skeys alone, weapp-session codes', () => {
    const source = (headers: Record<string, string>) => ({ headers, query: {}, body: undefined });
    expect(readCredentials(source({ 'x-wx-id': waferId(uuid), 'x-wx-skey': skey }))).toMatchObject({
      protocol: 'wafer',
      uuid,
      skey,
    });
    expect(readCredentials(source({ 'x-wx-skey': wafer2Skey(uuid, skey) }))).toMatchObject({
      protocol: 'wafer2',
      uuid,
      skey,
    });
    expect(
      readCredentials(
        source({
          'x-wx-code': 'abc',
          'x-wx-rawdata': encodeURIComponent('{"a":"名"}'),
          'x-wx-signature': 's',
        }),
      ),
    ).toEqual({
      kind: 'code',
      code: 'abc',
      rawData: '{"a":"名"}',
      signature: 's',
    });
    expect(() => readCredentials(source({ 'x-wx-skey': skey }))).toThrow(InvalidSessionError);
    expect(() => readCredentials(source({ 'x-wx-code': 'a b' }))).toThrow(InvalidSessionError);
  });

  it.each([
    ['nothing', { headers: {}, query: {}, body: undefined }],
    ['a malformed uuid', { headers: { 'x-wx-id': 'abc', 'x-wx-skey': skey }, query: {}, body: undefined }],
    ['an operator', { headers: {}, query: {}, body: { uuid: { $ne: null }, skey } }],
  ])('refuses %s as ERR_INVALID_SESSION', (_, source) => {
    expect(() => readCredentials(source)).toThrow(InvalidSessionError);
  });
});

describe('login and sessions', () => {
  it('logs in, authenticates, slides, and expires at the sliding lifetime', async () => {
    const { clock, start, sessions, deps } = setup();
    const result = await login(deps, '10.0.0.1', { code: 'abc' });
    expect(result.user).toEqual({ openId: 'o-abc' });
    const source = {
      headers: { 'x-wx-id': result.uuid, 'x-wx-skey': result.skey },
      query: {},
      body: undefined,
      sourceIp: '10.0.0.1',
    };
    const auth = (s: typeof source) =>
      authenticate({ sessions, codes: new MemoryCodeSessionStore(clock), login: deps }, s);
    clock.set(() => start + 6 * DAY);
    expect((await auth(source)).openId).toBe('o-abc');
    clock.set(() => start + 12 * DAY);
    expect((await auth(source)).expiresAt.getTime()).toBe(start + 19 * DAY);
    clock.set(() => start + 20 * DAY);
    await expect(auth(source)).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('refuses a wrong skey without sliding, and a closed session at once', async () => {
    const { sessions, deps } = setup();
    const { uuid, skey } = await login(deps, '10.0.0.1', { code: 'abc' });
    const wrong = newSessionCredentials().skey;
    await expect(sessions.authenticate({ uuid, skey: wrong })).rejects.toBeInstanceOf(InvalidSessionError);
    await sessions.close(uuid);
    await expect(sessions.authenticate({ uuid, skey })).rejects.toBeInstanceOf(InvalidSessionError);
  });

  it('refuses an unknown app and limits logins per IP and app', async () => {
    const { deps } = setup();
    await expect(login(deps, 'ip', { code: 'a', appId: 'wxother' })).rejects.toBeInstanceOf(UnknownAppError);
    for (let i = 0; i < 3; i++) await login(deps, 'ip', { code: `c${i}` });
    await expect(login(deps, 'ip', { code: 'c4' })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(login(deps, 'another-ip', { code: 'c4' })).resolves.toBeDefined();
  });
});

describe('profile', () => {
  it('updates the user and every session snapshot; an avatar is https or one of the own images', async () => {
    const { sessions, users, deps, clock } = setup();
    const { uuid, skey } = await login(deps, 'ip', { code: 'p' });
    const session = await sessions.authenticate({ uuid, skey });
    const profile = {
      users,
      sessions,
      clock,
      contentCheck: {
        check: async (_: unknown, __: string, text: string) =>
          text.includes('坏') ? ('risky' as const) : ('pass' as const),
      },
      apps: deps.apps,
      isOwnImage: (key: string) => key === 'album/mine.png',
    };
    expect(await updateProfile(profile, session, { nickName: '小明', avatarUrl: 'album/mine.png' })).toEqual({
      openId: 'o-p',
      nickName: '小明',
      avatarUrl: 'album/mine.png',
    });
    expect((await sessions.authenticate({ uuid, skey })).user.nickName).toBe('小明');
    for (const avatarUrl of [
      'http://x/a.png',
      'album/theirs.png',
      'https://user:pw@x/a.png',
      'javascript:alert(1)',
    ])
      await expect(updateProfile(profile, session, { avatarUrl })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('shows a nickname to others only when moderation passes it and the text rules hold', async () => {
    const { sessions, users, deps, clock } = setup();
    const { uuid, skey } = await login(deps, 'ip', { code: 'q' });
    const session = await sessions.authenticate({ uuid, skey });
    const moderated = (verdict: 'review' | 'risky') => ({
      users,
      sessions,
      clock,
      contentCheck: { check: async () => verdict },
      apps: deps.apps,
      isOwnImage: () => false,
    });
    for (const verdict of ['review', 'risky'] as const)
      await expect(updateProfile(moderated(verdict), session, { nickName: 'x' })).rejects.toBeInstanceOf(
        ContentRejectedError,
      );
    expect((await users.get(app.appId, 'o-q'))?.nickName).toBeUndefined();
    for (const nickName of ['a\u200bdmin', 'abc\u202e', '\ud800', '\u3164'])
      expect(profileBody.safeParse({ nickName }).success, nickName).toBe(false);
  });
});

describe('logout', () => {
  it('ends the session at once and tells the game, even when the game cannot be told', async () => {
    const { sessions, deps } = setup();
    const { uuid, skey } = await login(deps, 'ip', { code: 'bye' });
    const session = await sessions.authenticate({ uuid, skey });
    const told: string[] = [];
    await logout(
      { sessions, endGameSockets: async (id) => void told.push(id), forgetCode: async () => undefined },
      session,
    );
    expect(told).toEqual([uuid]);
    await expect(sessions.authenticate({ uuid, skey })).rejects.toBeInstanceOf(InvalidSessionError);
    const again = await login(deps, 'ip', { code: 'bye' });
    const second = await sessions.authenticate({ uuid: again.uuid, skey: again.skey });
    await logout(
      {
        sessions,
        endGameSockets: () => Promise.reject(new Error('redis away')),
        forgetCode: async () => undefined,
      },
      second,
    );
    await expect(sessions.authenticate({ uuid: again.uuid, skey: again.skey })).rejects.toBeInstanceOf(
      InvalidSessionError,
    );
  });
});

describe('legacy profile data', () => {
  it('keeps well-typed fields and https avatars only', () => {
    expect(
      legacyProfile({
        nickName: 'n',
        gender: 1,
        avatarUrl: 'http://x',
        city: 5,
        language: 'zh_CN',
        extra: 'x',
      }),
    ).toEqual({ nickName: 'n', gender: 1, language: 'zh_CN' });
    expect(() => parseRawData('[1]')).toThrow(InvalidInputError);
    expect(parseRawData('{"nickName":"n"}')).toEqual({ nickName: 'n' });
  });

  it('a user view never carries bookkeeping or empty fields', () => {
    const now = new Date();
    expect(
      toUserView({ openId: 'o', nickName: 'n', avatarUrl: undefined, appId: 'wx', createdAt: now } as never),
    ).toEqual({ openId: 'o', nickName: 'n' });
  });
});
