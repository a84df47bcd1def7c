// biome-ignore-all lint/suspicious/noExplicitAny: the untyped CommonJS SDKs and JSON from the old protocols
// The mini programs already in users' hands, unmodified: wafer-client-sdk 0.8.4, wafer2-client-sdk
// 2.1.0 (their npm code, run in Node with a scripted wx doing real HTTP), weapp-session-client and
// wxapp (clients that behave as their code does), and wafer's business-server SDK
// qcloud-weapp-server-sdk 0.8.2 calling our /mina_auth/ as its session server. Each against npm
// start's server with the functions on the real Redis and FerretDB and a fake WeChat that signs user
// data like a phone: login, an authenticated request, re-login after /logout and after expiry (the
// app's clock moved), and bad input to each door.

import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { type Dev, startDev } from '../support/dev.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { keysMatching, testRedis } from '../support/redis.js';
import { type ScriptedWx, scriptedWx } from './scripted-wx.js';
import { weappSessionClient } from './weapp-session-client.js';

const require = createRequire(import.meta.url);
const MAGIC = 'F2C224D4-2BCE-4C64-AF9F-A6D872000D1A';
const HOUR = 3_600_000;

let wx: FakeWechat;
let dev: Dev;
const redis = testRedis();
const mongo = new MongoClient(inject('mongoUrl'));
const g = globalThis as unknown as { wx?: ScriptedWx };

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({
    WX_APPS: JSON.stringify([
      { appId: wx.appId, secret: wx.secret, sessionDurationSeconds: 3600, legacyId: 1001 },
    ]),
    WX_API_BASE: wx.url,
    WX_CONTENT_CHECK: 'off',
    LOGIN_RATE_LIMIT: '10000',
  });
});
afterAll(async () => {
  await dev.close();
  await wx.close();
  redis.disconnect();
  await mongo.close();
});
afterEach(() => {
  getApp().clock.set(Date.now);
});

/** Moves the app's clock past the sliding lifetime (an hour). */
const expireSessions = () => getApp().clock.set(() => Date.now() + 2 * HOUR);
const promisify =
  (fn: (o: object) => void) =>
  (options: object = {}) =>
    new Promise<any>((resolve, reject) => fn({ ...options, success: resolve, fail: reject }));

/** What a door wrote: the session keys in Redis and the users in MongoDB. */
async function written() {
  const keys = (await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`)).filter(
    (k) => !k.includes(':rl:'),
  ).length;
  const users = await mongo.db(process.env.MONGO_DB).collection('users').countDocuments();
  return { keys, users };
}

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${dev.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('wafer-client-sdk 0.8.4 (its own code)', () => {
  let wafer: any;
  let phone: ScriptedWx;
  beforeAll(() => {
    phone = g.wx = scriptedWx(wx, wx.appId, 'wafer-user');
    wafer = require('wafer-client-sdk');
    wafer.setLoginUrl(`${dev.url}/wafer/login`);
  });
  const request = (path: string, method = 'POST') =>
    promisify(wafer.request)({ url: `${dev.url}${path}`, method });

  it('logs in (GET, with the encrypted user data), then calls our routes with X-WX-Id / X-WX-Skey', async () => {
    const userInfo = await promisify(wafer.login)();
    expect(userInfo.nickName).toBe('旧用户wafer-user');
    const auth = await request('/auth');
    expect(auth.statusCode).toBe(200);
    expect(auth.data.data.user).toMatchObject({
      openId: wx.openIdFor('wafer-user~'),
      nickName: '旧用户wafer-user',
    });
  });

  it('logs in again by itself after /logout', async () => {
    expect((await request('/logout')).data.data).toEqual({ loggedOut: true });
    const before = phone.loginCalls;
    const auth = await request('/auth');
    expect(auth.data.ok).toBe(true);
    expect(phone.loginCalls).toBe(before + 1);
  });

  it('logs in again by itself after expiry (it retries only on ERR_INVALID_SESSION, so that is what it hears)', async () => {
    expireSessions();
    const before = phone.loginCalls;
    const drawings = await request('/drawings', 'GET');
    expect(drawings.data.ok).toBe(true);
    expect(phone.loginCalls).toBe(before + 1);
  });

  it('bad input at its door: the wafer error form, nothing written', async () => {
    const before = await written();
    const cases: Array<Record<string, string>> = [
      {},
      { 'X-WX-Code': 'x'.repeat(300) },
      { 'X-WX-Code': 'c', 'X-WX-Encrypted-Data': 'garbage', 'X-WX-IV': 'x' },
    ];
    for (const headers of cases) {
      const res = await raw('GET', '/wafer/login', headers);
      expect(res.json).toMatchObject({ [MAGIC]: 1, error: 'ERR_LOGIN_FAILED' });
      expect(res.json.session).toBeUndefined();
    }
    expect(await written()).toEqual(before);
  });
});

describe('wafer2-client-sdk 2.1.0 (its own code)', () => {
  let wafer2: any;
  let phone: ScriptedWx;
  beforeAll(() => {
    phone = g.wx = scriptedWx(wx, wx.appId, 'wafer2-user');
    // Its modules read the global wx at call time; a fresh copy keeps its own login URL.
    for (const id of Object.keys(require.cache))
      if (id.includes('wafer2-client-sdk')) delete require.cache[id];
    wafer2 = require('wafer2-client-sdk');
    wafer2.setLoginUrl(`${dev.url}/weapp/login`);
  });
  const request = (path: string, method = 'GET') =>
    promisify(wafer2.request)({ url: `${dev.url}${path}`, method });

  it('logs in, reads /weapp/user and calls our routes with X-WX-Skey alone', async () => {
    const userinfo = await promisify(wafer2.login)();
    expect(userinfo.openId).toBe(wx.openIdFor('wafer2-user~'));
    expect((await request('/weapp/user')).data).toMatchObject({
      code: 0,
      data: { nickName: '旧用户wafer2-user' },
    });
    expect((await request('/auth', 'POST')).data.ok).toBe(true);
    const stored = phone.storage.get(`weapp_session_${MAGIC}`) as { skey: string };
    expect(stored.skey).toMatch(/^w2\./);
    expect(await keysMatching(redis, `*${stored.skey.split('.')[2]}*`)).toEqual([]);
  });

  it('logs in again (loginWithCode: the code only) after /logout and after expiry', async () => {
    await request('/logout', 'POST');
    let before = phone.loginCalls;
    expect((await request('/weapp/user')).data.code).toBe(0);
    expect(phone.loginCalls).toBe(before + 1);
    expireSessions();
    before = phone.loginCalls;
    expect((await request('/auth', 'POST')).data.ok).toBe(true);
    expect(phone.loginCalls).toBe(before + 1);
  });

  it('bad input at its door: {code: -1}, nothing written', async () => {
    const before = await written();
    const cases: Array<Record<string, string>> = [{}, { 'X-WX-Skey': 'not-a-session' }];
    for (const headers of cases) {
      const path = 'X-WX-Skey' in headers ? '/weapp/user' : '/weapp/login';
      const res = await raw('GET', path, headers);
      expect(res.json).toMatchObject({ code: -1, error: expect.stringMatching(/^ERR_/) });
    }
    expect(await written()).toEqual(before);
  });
});

describe('weapp-session-client (CFETeam; behaving as its code does)', () => {
  let phone: ScriptedWx;
  let request: ReturnType<typeof weappSessionClient>;
  beforeAll(() => {
    phone = scriptedWx(wx, wx.appId, 'weapp-session-user');
    request = weappSessionClient(phone);
  });

  it('its first request logs in with the code and signed rawData; later ones send the code alone', async () => {
    const auth = await request(`${dev.url}/auth`, 'POST');
    expect(auth.data.data.user).toMatchObject({
      openId: wx.openIdFor('weapp-session-user~'),
      nickName: '旧用户weapp-session-user',
    });
    expect((await request(`${dev.url}/drawings`)).data.ok).toBe(true);
    expect(phone.loginCalls).toBe(1);
    // Only a hash of the code is kept.
    const values = await Promise.all(
      (await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`)).map((k) => redis.dump(k)),
    );
    expect(values.some((v) => v?.includes(phone.lastCode!))).toBe(false);
  });

  it('logs in again after /logout and after expiry', async () => {
    await request(`${dev.url}/logout`, 'POST');
    expect((await request(`${dev.url}/auth`, 'POST')).data.ok).toBe(true);
    expect(phone.loginCalls).toBe(2);
    expireSessions();
    expect((await request(`${dev.url}/auth`, 'POST')).data.ok).toBe(true);
    expect(phone.loginCalls).toBe(3);
  });

  it('a code WeChat refuses is answered with reason ERR_SESSION_KEY_EXCHANGE_FAILED; a forged rawData fails', async () => {
    const refused = await raw('POST', '/auth', { 'X-WX-Code': 'err-40029' });
    expect(refused.json).toMatchObject({ [MAGIC]: 1, reason: 'ERR_SESSION_KEY_EXCHANGE_FAILED' });
    const forged = await raw('POST', '/auth', {
      'X-WX-Code': 'forger~1',
      'X-WX-RawData': encodeURIComponent('{"nickName":"x"}'),
      'X-WX-Signature': 'a'.repeat(40),
    });
    expect(forged.json).toMatchObject({ [MAGIC]: 1, reason: 'ERR_UNTRUSTED_RAW_DATA' });
  });
});

describe('wxapp (the Django wafer port; behaving as its client does)', () => {
  let phone: ScriptedWx;
  const loginWith = async (declined = false) => {
    const { code } = await promisify(phone.login as (o: object) => void)();
    const { encryptedData, iv } = await promisify(phone.getUserInfo as (o: object) => void)();
    const body = { code, encrypt_data: declined ? '' : encryptedData, iv: declined ? '' : iv, app_id: 1001 };
    return raw('POST', '/mina/login', { 'content-type': 'application/json' }, body);
  };
  beforeAll(() => {
    phone = scriptedWx(wx, wx.appId, 'wxapp-user');
  });

  it('logs in with a numeric app_id and checks the session at /mina/auth', async () => {
    const login = await loginWith();
    expect(login.json).toMatchObject({
      ok: 'success',
      data: { uuid: expect.any(String), skey: expect.any(String) },
    });
    expect(login.json.data.user_info.nickName).toBe('旧用户wxapp-user');
    expect(login.json.data.duration).toBeGreaterThan(3500);
    const { uuid, skey } = login.json.data;
    expect((await raw('POST', '/mina/auth', {}, { uuid, skey, app_id: 1001 })).json).toMatchObject({
      ok: 'success',
      data: { user_info: { openId: wx.openIdFor('wxapp-user~') } },
    });
  });

  it('logs in without user data when the user declined (empty encrypt_data and iv)', async () => {
    const login = await loginWith(true);
    expect(login.json.ok).toBe('success');
  });

  it('hears ok != "success" after /logout and after expiry, and logs in again', async () => {
    let { uuid, skey } = (await loginWith()).json.data;
    await raw('POST', '/logout', {}, { uuid, skey });
    expect((await raw('POST', '/mina/auth', {}, { uuid, skey, app_id: 1001 })).json.ok).toBe('fail');
    ({ uuid, skey } = (await loginWith()).json.data);
    expireSessions();
    expect((await raw('POST', '/mina/auth', {}, { uuid, skey, app_id: 1001 })).json.ok).toBe('fail');
    expect((await loginWith()).json.ok).toBe('success');
  });

  it('bad input at its doors: {ok: "fail"}, nothing written', async () => {
    const before = await written();
    const bad = [
      ['/mina/login', { code: 'c', app_id: 999 }],
      ['/mina/login', { app_id: 1001 }],
      ['/mina/login', { code: 'c', app_id: 'x' }],
      ['/mina/auth', { uuid: 'nope', skey: 'nope', app_id: 1001 }],
    ] as const;
    for (const [path, body] of bad)
      expect((await raw('POST', path, {}, body)).json).toMatchObject({
        ok: 'fail',
        error: expect.stringMatching(/^ERR_/),
      });
    expect(await written()).toEqual(before);
  });
});

describe('qcloud-weapp-server-sdk 0.8.2 (its own code) calling /mina_auth/, with wafer-client-sdk in front', () => {
  let business: Server;
  let businessUrl: string;
  let wafer: any;
  let phone: ScriptedWx;

  beforeAll(async () => {
    const sdk = require('qcloud-weapp-server-sdk');
    sdk.config.setAuthServerUrl(`${dev.url}/mina_auth/`);
    // A business server as wafer's demo wrote it: /login and /user through LoginService.
    business = createServer((req, res) => {
      const service = sdk.LoginService.create(req, res);
      if (req.url?.startsWith('/login')) service.login().catch(() => undefined);
      else
        service.check().then(
          (r: { userInfo: unknown }) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ code: 0, data: r.userInfo }));
          },
          () => undefined,
        );
    });
    await new Promise<void>((resolve) => business.listen(0, '127.0.0.1', resolve));
    const address = business.address();
    businessUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    phone = g.wx = scriptedWx(wx, wx.appId, 'business-user');
    for (const id of Object.keys(require.cache))
      if (id.includes('wafer-client-sdk')) delete require.cache[id];
    wafer = require('wafer-client-sdk');
    wafer.setLoginUrl(`${businessUrl}/login`);
  });
  afterAll(() => new Promise((resolve) => business.close(resolve)));
  const user = () => promisify(wafer.request)({ url: `${businessUrl}/user`, login: true });

  it('logs in through the business server (qcloud.cam.id_skey) and is checked on each request (qcloud.cam.auth)', async () => {
    const res = await user();
    expect(res.data).toMatchObject({
      code: 0,
      data: { openId: wx.openIdFor('business-user~'), nickName: '旧用户business-user' },
    });
    expect(phone.loginCalls).toBe(1);
  });

  it('after /logout and after expiry, the session server answers 60011, the business SDK ERR_INVALID_SESSION, and the client logs in again', async () => {
    const session = phone.storage.get(`weapp_session_${MAGIC}`) as { id: string; skey: string };
    await raw('POST', '/logout', { 'X-WX-Id': session.id, 'X-WX-Skey': session.skey });
    expect((await user()).data.code).toBe(0);
    expect(phone.loginCalls).toBe(2);
    expireSessions();
    expect((await user()).data.code).toBe(0);
    expect(phone.loginCalls).toBe(3);
  });

  it('bad input at /mina_auth/: a returnCode, HTTP 200, nothing written', async () => {
    const before = await written();
    const call = (iface: unknown) =>
      raw('POST', '/mina_auth/', {}, { version: 1, componentName: 'MA', interface: iface });
    expect((await call({ interfaceName: 'qcloud.cam.nope', para: {} })).json.returnCode).toBe(-1);
    expect((await call({ interfaceName: 'qcloud.cam.id_skey', para: {} })).json.returnCode).toBe(-1);
    expect(
      (await call({ interfaceName: 'qcloud.cam.id_skey', para: { code: 'err-40029' } })).json.returnCode,
    ).toBe(60012);
    expect(
      (await call({ interfaceName: 'qcloud.cam.auth', para: { id: 'x', skey: 'y' } })).json.returnCode,
    ).toBe(60011);
    const status = (await fetch(`${dev.url}/mina_auth/`, { method: 'POST', body: 'not json' })).status;
    expect(status).toBe(200);
    expect(await written()).toEqual(before);
  });
});
