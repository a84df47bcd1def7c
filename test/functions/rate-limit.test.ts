// POST /login is limited per client IP and app (30 a minute by default), shared through Redis.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as loginFn from '../../functions/login/index.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { configure } from '../support/runtime.js';

let wx: FakeWechat;
let secondApp: { appId: string; secret: string };

beforeAll(async () => {
  wx = await startFakeWechat();
  secondApp = { appId: 'wxsecondapp00000', secret: wx.addApp('wxsecondapp00000') };
  await configure({
    WX_APPS: JSON.stringify([{ appId: wx.appId, secret: wx.secret }, secondApp]),
    WX_API_BASE: wx.url,
  });
});
afterAll(async () => wx.close());

const login = (ip: string, appId?: string) =>
  invoke(loginFn, {
    method: 'POST',
    path: '/login',
    sourceIp: ip,
    body: { code: `rl-${ip}`, ...(appId ? { appId } : {}) },
  });

it('answers 429 with retry-after on the 31st login a minute from one IP and app', async () => {
  for (let i = 0; i < 30; i++) expect((await login('192.0.2.1')).status).toBe(200);
  const limited = await login('192.0.2.1');
  expect(limited.status).toBe(429);
  expect(limited.body.error).toBe('ERR_RATE_LIMITED');
  const retryAfter = Number(limited.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);

  expect((await login('192.0.2.2')).status).toBe(200);
  expect((await login('192.0.2.1', secondApp.appId)).status).toBe(200);
});
