// login and auth invoked locally as SCF would, with both trigger event shapes, against real
// Redis and FerretDB and a fake WeChat server.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as loginFn from '../../functions/login/index.js';
import { eventShapes } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { authWith, loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure(wechatEnv(wx));
});
afterAll(async () => wx.close());

function encryptFor(sessionKey: string, data: unknown): { encryptedData: string; iv: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return { encryptedData: sealed.toString('base64'), iv: iv.toString('base64') };
}

describe.each(eventShapes)('%s event', (_shape, makeEvent) => {
  it('logs in, authenticates, updates the profile and logs out', async () => {
    const code = `alice-${randomBytes(4).toString('hex')}`;
    const login = await invoke(loginFn, { method: 'POST', path: '/login', body: { code } }, makeEvent);
    expect(login.status).toBe(200);
    expect(login.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(login.headers['x-request-id']).toBe(login.requestId);
    const { uuid, skey, expiresAt, user } = login.body.data;
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(skey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(user).toEqual({ openId: wx.openIdFor(code) });

    const headers = { 'X-WX-Id': uuid, 'X-WX-Skey': skey };
    const authed = await invoke(auth, { method: 'POST', path: '/auth', headers }, makeEvent);
    expect(authed.status).toBe(200);
    expect(authed.body).toEqual({ ok: true, data: { user, expiresAt: expect.any(String) } });

    const profile = await invoke(
      auth,
      {
        method: 'POST',
        path: '/profile',
        headers,
        body: { nickName: '  小明 🐱  ', avatarUrl: 'https://img.example.com/a.png' },
      },
      makeEvent,
    );
    expect(profile.status).toBe(200);
    expect(profile.body.data.user).toEqual({
      openId: wx.openIdFor(code),
      nickName: '小明 🐱',
      avatarUrl: 'https://img.example.com/a.png',
    });
    const after = await invoke(auth, { method: 'POST', path: '/auth', headers }, makeEvent);
    expect(after.body.data.user.nickName).toBe('小明 🐱');

    const logout = await invoke(auth, { method: 'POST', path: '/logout', headers }, makeEvent);
    expect(logout.body).toEqual({ ok: true, data: { loggedOut: true } });
    const gone = await invoke(auth, { method: 'POST', path: '/auth', headers }, makeEvent);
    expect(gone.status).toBe(401);
    expect(gone.body).toMatchObject({ ok: false, error: 'ERR_INVALID_SESSION', requestId: gone.requestId });
  });

  it('accepts a base64-encoded body', async () => {
    const res = await invoke(
      loginFn,
      { method: 'POST', path: '/login', body: { code: 'b64' }, base64: true },
      makeEvent,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.user.openId).toBe(wx.openIdFor('b64'));
  });

  it('accepts the wafer headers X-WX-Code, X-WX-RawData and X-WX-Signature', async () => {
    const code = `wafer-${randomBytes(4).toString('hex')}`;
    const key = randomBytes(16).toString('base64');
    wx.presetSessionKey(code, key);
    const rawData = JSON.stringify({
      nickName: '老用户 😀',
      avatarUrl: 'https://wx.qlogo.cn/a/132',
      gender: 1,
    });
    const res = await invoke(
      loginFn,
      {
        method: 'POST',
        path: '/login',
        headers: {
          'X-WX-Code': code,
          'X-WX-RawData': encodeURIComponent(rawData),
          'X-WX-Signature': createHash('sha1')
            .update(rawData + key)
            .digest('hex'),
        },
      },
      makeEvent,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.user).toMatchObject({
      openId: wx.openIdFor(code),
      nickName: '老用户 😀',
      gender: 1,
    });
  });
});

describe('legacy user data', () => {
  it('verifies rawData against sha1(rawData + session_key) and stores its profile for a new user', async () => {
    const code = `raw-${randomBytes(4).toString('hex')}`;
    const rawData = JSON.stringify({
      nickName: '微信用户',
      avatarUrl: 'https://wx.qlogo.cn/mmopen/x/132',
      gender: 0,
    });
    const wrong = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      body: { code, rawData, signature: createHash('sha1').update(`${rawData}not-the-key`).digest('hex') },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('ERR_UNTRUSTED_RAW_DATA');

    const signed = await loginWithSignedData(code, (key) => ({
      rawData,
      signature: createHash('sha1')
        .update(rawData + key)
        .digest('hex'),
    }));
    expect(signed.status).toBe(200);
    expect(signed.body.data.user).toMatchObject({ nickName: '微信用户', gender: 0 });
  });

  it('decrypts encryptedData (AES-128-CBC, session_key, iv) and checks the watermark appid', async () => {
    const code = `union-enc-${randomBytes(4).toString('hex')}`;
    const ok = await loginWithSignedData(code, (key) =>
      encryptFor(key, {
        nickName: '加密',
        openId: wx.openIdFor(code),
        watermark: { appid: wx.appId, timestamp: 1 },
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.data.user).toMatchObject({ nickName: '加密', unionId: expect.stringMatching(/^u/) });

    const otherApp = await loginWithSignedData(`enc-${randomBytes(4).toString('hex')}`, (key) =>
      encryptFor(key, { nickName: 'x', watermark: { appid: 'wx_other_app_0000' } }),
    );
    expect(otherApp.status).toBe(400);
    expect(otherApp.body.error).toBe('ERR_DECRYPT_FAILED');

    // Sealed under this login's session_key, but naming another user: as documented, not bad input.
    const otherUser = await loginWithSignedData(`enc-${randomBytes(4).toString('hex')}`, (key) =>
      encryptFor(key, { nickName: 'x', openId: 'o-someone-else', watermark: { appid: wx.appId } }),
    );
    expect(otherUser.status).toBe(400);
    expect(otherUser.body.error).toBe('ERR_DECRYPT_FAILED');

    const garbage = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      body: {
        code: 'garbage-enc',
        encrypt_data: Buffer.from('not sealed').toString('base64'),
        iv: randomBytes(16).toString('base64'),
      },
    });
    expect(garbage.body.error).toBe('ERR_DECRYPT_FAILED');
  });
});

/** Logs in with user data sealed or signed under the session_key the fake WeChat will hand out. */
async function loginWithSignedData(code: string, make: (sessionKey: string) => Record<string, string>) {
  const key = randomBytes(16).toString('base64');
  wx.presetSessionKey(code, key);
  return invoke(loginFn, { method: 'POST', path: '/login', body: { code, ...make(key) } });
}

describe('wafer headers for encrypted data', () => {
  it('accepts X-WX-Encrypted-Data and X-WX-IV', async () => {
    const code = `hdr-${randomBytes(4).toString('hex')}`;
    const key = randomBytes(16).toString('base64');
    wx.presetSessionKey(code, key);
    const sealed = encryptFor(key, { nickName: '头部', watermark: { appid: wx.appId } });
    const res = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      headers: { 'X-WX-Code': code, 'X-WX-Encrypted-Data': sealed.encryptedData, 'X-WX-IV': sealed.iv },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.user.nickName).toBe('头部');
  });
});

describe('credentials for older clients', () => {
  it('accepts uuid and skey in the JSON body and in the query string', async () => {
    const s = await loginAs('legacy-client');
    const inBody = await invoke(auth, {
      method: 'POST',
      path: '/auth',
      body: { uuid: s.uuid, skey: s.skey },
    });
    expect(inBody.status).toBe(200);
    const inQuery = await invoke(auth, {
      method: 'POST',
      path: '/auth',
      query: { uuid: s.uuid, skey: s.skey },
    });
    expect(inQuery.status).toBe(200);
  });

  it('accepts app_id as an alias of appId, and rejects an unknown app', async () => {
    const ok = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      body: { code: 'alias', app_id: wx.appId },
    });
    expect(ok.status).toBe(200);
    const unknown = await invoke(loginFn, {
      method: 'POST',
      path: '/login',
      body: { code: 'alias', appId: 'wx_not_configured' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('ERR_UNKNOWN_APP');
  });
});

describe('WeChat answers mapped onto the contract', () => {
  it.each([
    ['err-40029', 401, 'ERR_INVALID_CODE'],
    ['err-40163', 401, 'ERR_INVALID_CODE'],
    ['err-40226', 403, 'ERR_USER_BLOCKED'],
    ['err-45011', 429, 'ERR_RATE_LIMITED'],
    ['err--1', 502, 'ERR_SESSION_KEY_EXCHANGE_FAILED'],
    ['nonjson', 502, 'ERR_SESSION_KEY_EXCHANGE_FAILED'],
    ['http-500', 502, 'ERR_SESSION_KEY_EXCHANGE_FAILED'],
  ])('%s -> %i %s', async (code, status, error) => {
    const res = await invoke(loginFn, { method: 'POST', path: '/login', body: { code } });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ ok: false, error, requestId: res.requestId });
    if (status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a WeChat stall ends in ERR_SESSION_KEY_EXCHANGE_FAILED after the 3 s timeout, not a hang', async () => {
    const started = Date.now();
    const res = await invoke(loginFn, { method: 'POST', path: '/login', body: { code: 'stall' } });
    expect(res.status).toBe(502);
    expect(res.body.error).toBe('ERR_SESSION_KEY_EXCHANGE_FAILED');
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('includes unionId when WeChat sends one', async () => {
    const s = await loginAs('union-bob');
    expect(s.data.user.unionId).toMatch(/^u/);
    expect((await authWith(s)).body.data.user.unionId).toBe(s.data.user.unionId);
  });
});

describe('routing', () => {
  it('answers 405 with Allow for a known path and 404 for an unknown one', async () => {
    const get = await invoke(loginFn, { method: 'GET', path: '/login' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.body.error).toBe('ERR_METHOD_NOT_ALLOWED');
    const missing = await invoke(auth, { method: 'POST', path: '/nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('ERR_NOT_FOUND');
  });
});
