// POST /login is limited per client IP and app (30 a minute by default), shared through Redis.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as loginFn from '../../functions/login/index.js';
import { apiGatewayEvent } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { configure } from '../support/runtime.js';

let wx: FakeWechat;
let secondApp: { appId: string; secret: string };

beforeAll(async () => {
  wx = await startFakeWechat();
  secondApp = { appId: 'wx0000000000000b0b', secret: wx.addApp('wx0000000000000b0b') };
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

it('X-WX-Code logins (weapp-session) count against the event’s source IP, whatever X-SCF-Remote-Addr the client sends', async () => {
  const auth = await import('../../functions/auth/index.js');
  const codeLogin = (i: number) =>
    invoke(
      auth,
      {
        method: 'POST',
        path: '/auth',
        sourceIp: '192.0.2.9',
        headers: { 'X-WX-Code': `rl-code-${i}`, 'X-SCF-Remote-Addr': `198.51.100.${i}` },
      },
      apiGatewayEvent,
    );
  for (let i = 0; i < 30; i++) expect((await codeLogin(i)).status).toBe(200);
  const limited = await codeLogin(30);
  expect(limited.status).toBe(429);
  expect(limited.body.error).toBe('ERR_RATE_LIMITED');
});
