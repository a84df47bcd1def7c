// Session lifetimes per app (sliding and absolute) with a controllable clock, logout, and the
// cap of 10 live sessions per user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import { getApp } from '../../lib/app/container.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { authWith, loginAs } from '../support/login.js';
import { configure } from '../support/runtime.js';

const HOUR = 3_600_000;
let wx: FakeWechat;
let now = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  wx = await startFakeWechat();
  // One hour sliding, one day absolute.
  await configure({
    WX_APPS: JSON.stringify([
      { appId: wx.appId, secret: wx.secret, loginDurationDays: 1, sessionDurationSeconds: 3600 },
    ]),
    WX_API_BASE: wx.url,
  });
});
afterAll(async () => wx.close());
beforeEach(() => {
  now = Date.UTC(2026, 5, 1);
  getApp().clock.set(() => now);
});

describe('sliding lifetime', () => {
  it('keeps a session alive while it is used, and expires it after an idle hour', async () => {
    const s = await loginAs('slider');
    expect(s.data.expiresAt).toBe(new Date(now + HOUR).toISOString());
    for (let i = 0; i < 3; i++) {
      now += 50 * 60_000;
      const res = await authWith(s);
      expect(res.status).toBe(200);
      expect(res.body.data.expiresAt).toBe(new Date(now + HOUR).toISOString());
    }
    now += HOUR;
    const expired = await authWith(s);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('ERR_SESSION_EXPIRED');
    now += 12 * HOUR; // and it answers "expired", not "unknown", while retained (one day past expiry)
    expect((await authWith(s)).body.error).toBe('ERR_SESSION_EXPIRED');
  });
});

describe('absolute lifetime', () => {
  it('ends a session one day after login however often it is used', async () => {
    const loginAt = now;
    const s = await loginAs('absolute');
    while (now + 50 * 60_000 < loginAt + 24 * HOUR) {
      now += 50 * 60_000;
      expect((await authWith(s)).status).toBe(200);
    }
    const last = await authWith(s);
    expect(last.body.data.expiresAt).toBe(new Date(loginAt + 24 * HOUR).toISOString());
    now = loginAt + 24 * HOUR;
    expect((await authWith(s)).body.error).toBe('ERR_SESSION_EXPIRED');
  });
});

describe('logout', () => {
  it('ends only the session it is called with, at once', async () => {
    const phone = await loginAs('two-devices');
    const tablet = await loginAs('two-devices');
    const out = await invoke(auth, { method: 'POST', path: '/logout', headers: phone.headers });
    expect(out.body.data).toEqual({ loggedOut: true });
    expect((await authWith(phone)).body.error).toBe('ERR_INVALID_SESSION');
    expect((await authWith(tablet)).status).toBe(200);
    const again = await invoke(auth, { method: 'POST', path: '/logout', headers: phone.headers });
    expect(again.status).toBe(401);
  });
});

describe('session cap', () => {
  it('keeps the 10 newest sessions of a user and drops the oldest', async () => {
    const sessions = [];
    for (let i = 0; i < 11; i++) {
      now += 1000;
      sessions.push(await loginAs('many-devices'));
    }
    expect((await authWith(sessions[0]!)).body.error).toBe('ERR_INVALID_SESSION');
    for (const s of sessions.slice(1)) expect((await authWith(s)).status).toBe(200);
    const otherUser = await loginAs('someone-else');
    expect((await authWith(otherUser)).status).toBe(200);
  });
});
