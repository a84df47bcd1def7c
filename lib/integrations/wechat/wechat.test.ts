// The WeChat server API clients against the fake WeChat on loopback: jscode2session's errcodes,
// the shared access token (cached, replaced after 40001), and msg_sec_check failing closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWechat, startFakeWechat } from '../../../test/support/fake-wechat.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import {
  InvalidCodeError,
  RateLimitedError,
  ServiceUnavailableError,
  SessionKeyExchangeFailedError,
  UserBlockedError,
} from '../../platform/errors.js';
import { MemoryTokenStore } from '../../stores/token/memory.js';
import { AccessTokens } from './access-token.js';
import { HttpCodeExchange } from './code-exchange.js';
import { WechatContentChecker } from './content-check.js';
import { postJson } from './http.js';

let wx: FakeWechat;
let app: AppConfig;
beforeAll(async () => {
  wx = await startFakeWechat();
  app = { appId: wx.appId, secret: wx.secret, loginDurationMs: 1, sessionDurationMs: 1 };
});
afterAll(() => wx.close());

describe('HttpCodeExchange', () => {
  const exchange = () => new HttpCodeExchange(wx.url, 500);

  it('exchanges a code for openId and session_key, with unionId when WeChat has one', async () => {
    expect(await exchange().exchangeCode(app, 'plain')).toEqual({
      openId: wx.openIdFor('plain'),
      sessionKey: expect.any(String),
    });
    expect((await exchange().exchangeCode(app, 'union-1')).unionId).toEqual(expect.any(String));
  });

  it.each([
    ['err-40029', InvalidCodeError],
    ['err-40163', InvalidCodeError],
    ['err-40226', UserBlockedError],
    ['err-45011', RateLimitedError],
    ['err--1', SessionKeyExchangeFailedError],
    ['err-40013', SessionKeyExchangeFailedError],
    ['nonjson', SessionKeyExchangeFailedError],
    ['http-500', SessionKeyExchangeFailedError],
    ['stall', SessionKeyExchangeFailedError],
  ])('maps %s', async (code, error) => {
    await expect(exchange().exchangeCode(app, code)).rejects.toBeInstanceOf(error);
  });
});

describe('AccessTokens and WechatContentChecker', () => {
  it('caches the token, and after 40001 replaces it once and retries', async () => {
    const tokens = new AccessTokens(wx.url, new MemoryTokenStore(new SettableClock()), new SettableClock());
    const checker = new WechatContentChecker(wx.url, tokens);
    const before = wx.tokenCalls;
    expect(await checker.check(app, 'o', 'fine', 'comment')).toBe('pass');
    expect(await checker.check(app, 'o', 'REVIEW this', 'comment')).toBe('review');
    expect(await checker.check(app, 'o', 'RISKY', 'comment')).toBe('risky');
    expect(wx.tokenCalls - before).toBe(1);
    wx.revokeTokens();
    expect(await checker.check(app, 'o', 'again', 'comment')).toBe('pass');
    expect(wx.tokenCalls - before).toBe(2);
  });

  it('fails closed on an errcode', async () => {
    const tokens = new AccessTokens(wx.url, new MemoryTokenStore(new SettableClock()), new SettableClock());
    await expect(
      new WechatContentChecker(wx.url, tokens).check(app, 'o', 'ERRCODE', 'comment'),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('refreshes a token the clock says is about to lapse', async () => {
    const clock = new SettableClock();
    const tokens = new AccessTokens(wx.url, new MemoryTokenStore(new SettableClock()), clock);
    const first = await tokens.token(app);
    expect(await tokens.token(app)).toBe(first);
    const before = wx.tokenCalls;
    clock.set(() => Date.now() + 7200_000);
    await tokens.token(app);
    expect(wx.tokenCalls - before).toBe(1);
  });
});

describe('postJson', () => {
  it('answers the JSON object WeChat sent', async () => {
    expect(await postJson(`${wx.url}/sns/jscode2session`, {}, 500)).toMatchObject({
      errcode: expect.any(Number),
    });
  });

  it('is ERR_SERVICE_UNAVAILABLE when WeChat cannot be reached, without the URL in the error', async () => {
    const refused = await postJson('http://127.0.0.1:9/never', {}, 300).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(String((refused as Error).message) + String((refused as Error).cause)).not.toContain('never');
  });
});
