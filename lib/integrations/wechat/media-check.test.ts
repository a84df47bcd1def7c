// media_check_async v2 and the token call under it, against the fake WeChat on loopback: the body
// WeChat documents, the trace handed back, one token refresh after 40001, and failures that answer
// ERR_SERVICE_UNAVAILABLE (so the COS trigger's invocation is retried).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWechat, startFakeWechat } from '../../../test/support/fake-wechat.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import { MemoryTokenStore } from '../../stores/token/memory.js';
import { AccessTokens } from './access-token.js';
import { WechatMediaChecker } from './media-check.js';
import { postWithToken } from './token-call.js';

let wx: FakeWechat;
let app: AppConfig;
beforeAll(async () => {
  wx = await startFakeWechat();
  app = { appId: wx.appId, secret: wx.secret, loginDurationMs: 1, sessionDurationMs: 1 };
});
afterAll(() => wx.close());

const tokens = () => new AccessTokens(wx.url, new MemoryTokenStore(new SettableClock()), new SettableClock());

describe('postWithToken', () => {
  it('replaces a token WeChat refuses, once, and asks again', async () => {
    const shared = tokens();
    const body = { media_url: 'http://127.0.0.1:9/x.png', media_type: 2, version: 2, scene: 1, openid: 'o1' };
    const deadline = () => performance.now() + 3000;
    expect(
      (await postWithToken(wx.url, shared, app, '/wxa/media_check_async', body, deadline())).errcode,
    ).toBe(0);
    const before = wx.tokenCalls;
    wx.revokeTokens();
    const again = await postWithToken(wx.url, shared, app, '/wxa/media_check_async', body, deadline());
    expect(again.errcode).toBe(0);
    expect(wx.tokenCalls).toBe(before + 1);
  });
});

describe('WechatMediaChecker', () => {
  it('submits an image for the user in the profile scene and answers the trace', async () => {
    const checker = new WechatMediaChecker(wx.url, tokens());
    const trace = await checker.submit(app, 'o-user', `${wx.url}/not-an-image.png`);
    const check = wx.mediaChecks.find((c) => c.traceId === trace);
    expect(check).toMatchObject({
      openid: 'o-user',
      scene: 1,
      appId: wx.appId,
      mediaUrl: `${wx.url}/not-an-image.png`,
    });
  });

  it('fails as ERR_SERVICE_UNAVAILABLE when WeChat answers no trace', async () => {
    const wrongApp = { ...app, appId: 'wxnotregistered00' };
    await expect(
      new WechatMediaChecker(wx.url, tokens()).submit(wrongApp, 'o', 'http://x/'),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(
      new WechatMediaChecker('http://127.0.0.1:9', tokens()).submit(app, 'o', 'http://x/'),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
