// POST|GET|DELETE /phone through the auth function, against real Redis and FerretDB and a fake
// WeChat that serves getuserphonenumber: bind by code (and by the old encryptedData), masked on
// binding, in full only to its owner, sealed at rest (the raw users collection never holds the
// digits), never in a log line or another user's answer, WeChat's errcodes mapped, a stall ends
// in 502 within the 3 s budget, at most 10 binds a minute.
import { createCipheriv, randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as comments from '../../functions/comments/index.js';
import { setLogSink } from '../../lib/platform/log.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
const lines: string[] = [];
const mongo = new MongoClient(process.env.MONGO_URL!);
const PHONE_KEY = randomBytes(32).toString('base64');

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), PHONE_KEY });
  setLogSink((line) => lines.push(line));
});
beforeEach(() => {
  lines.length = 0;
});
afterAll(async () => {
  await wx.close();
  await mongo.close();
});

const phone = (session: Session, method: 'POST' | 'GET' | 'DELETE', body?: unknown) =>
  invoke(auth, { method, path: '/phone', headers: session.headers, ...(body ? { body } : {}) });
const user = () => `phone-${randomBytes(4).toString('hex')}`;

describe('/phone', () => {
  it('keeps a number outside China as WeChat sends it (countryCode 852, a number), stored and shown as +852', async () => {
    const carol = await loginAs(user());
    const bound = await phone(carol, 'POST', { code: 'hk-carol' });
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    expect(bound.body.data.phone.countryCode).toBe('852');
    const own = await phone(carol, 'GET');
    expect(own.body.data.phone).toMatchObject({
      purePhoneNumber: wx.phoneFor('hk-carol'),
      countryCode: '852',
    });
  });

  it('binds by code: masked in the answer, in full to its owner only, sealed at rest, never logged', async () => {
    const alice = await loginAs(user());
    const number = wx.phoneFor('alice-phone');
    const bound = await phone(alice, 'POST', { code: 'alice-phone' });
    expect(bound.status).toBe(200);
    expect(bound.body.data).toEqual({
      phone: { masked: `${number.slice(0, 3)}****${number.slice(-4)}`, countryCode: '86' },
    });
    expect(JSON.stringify(bound.body)).not.toContain(number);

    const own = await phone(alice, 'GET');
    expect(own.body.data.phone).toEqual({
      purePhoneNumber: number,
      masked: bound.body.data.phone.masked,
      countryCode: '86',
    });

    // Another user: their own 404, nothing of alice's anywhere in what they can read.
    const bob = await loginAs(user());
    const theirs = await phone(bob, 'GET');
    expect(theirs.status).toBe(404);
    expect(theirs.body.error).toBe('ERR_NOT_FOUND');
    await invoke(comments, {
      method: 'POST',
      path: '/videos/sintel/comments',
      headers: alice.headers,
      body: { content: '看过' },
    });
    const list = await invoke(comments, {
      method: 'GET',
      path: '/videos/sintel/comments',
      headers: bob.headers,
    });
    expect(JSON.stringify(list.body)).not.toContain(number);
    expect(JSON.stringify(list.body)).not.toContain(`${number.slice(-4)}"`);

    // At rest: the users collection holds no digits of it, only the sealed text and the mask.
    const raw = await mongo.db(process.env.MONGO_DB).collection('users').find({}).toArray();
    const dump = JSON.stringify(raw);
    expect(dump).not.toContain(number);
    expect(dump).toContain(bound.body.data.phone.masked);
    // No log line carries the number or the key.
    expect(lines.join('\n')).not.toContain(number);
    expect(lines.join('\n')).not.toContain(PHONE_KEY);

    expect((await phone(alice, 'DELETE')).body.data).toEqual({ deleted: true });
    expect((await phone(alice, 'GET')).status).toBe(404);
    expect((await phone(alice, 'DELETE')).status).toBe(404);
  });

  it('binds the old way: encryptedData/iv under the session_key, watermark checked', async () => {
    const code = user();
    const sessionKey = randomBytes(16).toString('base64');
    wx.presetSessionKey(code, sessionKey);
    const carol = await loginAs(code);
    const seal = (data: unknown) => {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
      const encryptedData = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]).toString(
        'base64',
      );
      return { encryptedData, iv: iv.toString('base64') };
    };
    const info = { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86' };
    const ok = await phone(carol, 'POST', seal({ ...info, watermark: { appid: wx.appId, timestamp: 1 } }));
    expect(ok.body.data.phone).toEqual({ masked: '139****5678', countryCode: '86' });
    expect((await phone(carol, 'GET')).body.data.phone.purePhoneNumber).toBe('13912345678');

    const other = await phone(
      carol,
      'POST',
      seal({ ...info, watermark: { appid: 'wxotherapp00000000', timestamp: 1 } }),
    );
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('ERR_DECRYPT_FAILED');
    const garbage = await phone(carol, 'POST', {
      encryptedData: 'AAAA',
      iv: randomBytes(16).toString('base64'),
    });
    expect(garbage.body.error).toBe('ERR_DECRYPT_FAILED');
  });

  it("maps WeChat's answers: 40029 -> 401, -1 and another app's watermark -> 502, a stall -> 502 within 3.5 s", async () => {
    const dave = await loginAs(user());
    const invalid = await phone(dave, 'POST', { code: 'phone-invalid' });
    expect([invalid.status, invalid.body.error]).toEqual([401, 'ERR_INVALID_CODE']);
    const failed = await phone(dave, 'POST', { code: 'phone-error' });
    expect([failed.status, failed.body.error]).toEqual([502, 'ERR_WECHAT_FAILED']);
    const foreign = await phone(dave, 'POST', { code: 'phone-other-app' });
    expect([foreign.status, foreign.body.error]).toEqual([502, 'ERR_WECHAT_FAILED']);
    const started = Date.now();
    const stalled = await phone(dave, 'POST', { code: 'phone-stall' });
    expect([stalled.status, stalled.body.error]).toEqual([502, 'ERR_WECHAT_FAILED']);
    expect(Date.now() - started).toBeLessThan(3500);
    expect((await phone(dave, 'GET')).status).toBe(404); // nothing bound by any of them
  });

  it('refreshes a rejected access token once, and refuses bad bodies', async () => {
    const erin = await loginAs(user());
    await phone(erin, 'POST', { code: 'warm-token' });
    wx.revokeTokens();
    const again = await phone(erin, 'POST', { code: 'after-revoke' });
    expect(again.status).toBe(200);
    for (const body of [
      {},
      { code: '' },
      { code: 'x', iv: 'y' },
      { encryptedData: 'x' },
      { code: 1 },
      { code: 'x'.repeat(200) },
    ]) {
      const res = await phone(erin, 'POST', body);
      expect([res.status, res.body.error], JSON.stringify(body)).toEqual([400, 'ERR_INVALID_INPUT']);
    }
    expect((await invoke(auth, { method: 'GET', path: '/phone' })).status).toBe(401);
  });

  it('allows 10 binds a minute per user, then 429 with retry-after', async () => {
    const frank = await loginAs(user());
    for (let i = 0; i < 10; i++) expect((await phone(frank, 'POST', { code: `bind-${i}` })).status).toBe(200);
    const limited = await phone(frank, 'POST', { code: 'bind-11' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not limited by frank's binds.
    expect((await phone(await loginAs(user()), 'POST', { code: 'bind-other' })).status).toBe(200);
  });
});
