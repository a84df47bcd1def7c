// requireSession: what the other functions call in process to authenticate a request.

import { InvalidSessionError, requireSession, SessionExpiredError } from '@weapp-scf/layer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { toHttpRequest } from '../../lib/platform/http/event.js';
import { functionUrlEvent } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
  await configure(wechatEnv(wx));
});
afterAll(async () => wx.close());

const request = (headers: Record<string, string>, body?: unknown) =>
  toHttpRequest(functionUrlEvent({ method: 'GET', path: '/anything', headers, body }), { request_id: 'r' });

describe('requireSession', () => {
  it('returns the caller: app, openId, user and expiry, without the session_key', async () => {
    const s = await loginAs('in-process');
    const ctx = await requireSession(request(s.headers));
    expect(ctx).toEqual({
      uuid: s.uuid,
      appId: wx.appId,
      openId: wx.openIdFor('in-process'),
      user: { openId: wx.openIdFor('in-process') },
      expiresAt: expect.any(Date),
    });
    expect(JSON.stringify(ctx)).not.toMatch(/sessionKey|session_key/);
  });

  it('reads legacy body credentials when the route passes its parsed body', async () => {
    const s = await loginAs('in-process-body');
    expect((await requireSession(request({}), { uuid: s.uuid, skey: s.skey })).uuid).toBe(s.uuid);
  });

  it('throws the contract errors', async () => {
    await expect(requireSession(request({}))).rejects.toBeInstanceOf(InvalidSessionError);
    const s = await loginAs('in-process-expiring');
    getApp().clock.set(() => Date.now() + 31 * 86_400_000);
    try {
      await expect(requireSession(request(s.headers))).rejects.toBeInstanceOf(SessionExpiredError);
    } finally {
      getApp().clock.set(Date.now);
    }
  });
});
