// A scripted `wx` for the old SDKs, doing what a phone does: wx.login hands out a fresh code (the
// fake WeChat is told which session_key it maps to), wx.getUserInfo signs rawData and encrypts
// encryptedData under that key with the mini program's watermark, and wx.request is real HTTP.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { FakeWechat } from '../support/fake-wechat.js';

export interface ScriptedWx {
  loginCalls: number;
  storage: Map<string, unknown>;
  lastCode: string | undefined;
  [api: string]: unknown;
}

export function scriptedWx(wx: FakeWechat, appId: string, who: string): ScriptedWx {
  let serial = 0;
  let sessionKey = '';
  const storage = new Map<string, unknown>();
  const userInfo = {
    nickName: `旧用户${who}`,
    gender: 1,
    language: 'zh_CN',
    city: 'Shenzhen',
    province: 'Guangdong',
    country: 'China',
    avatarUrl: '',
  };
  const api: ScriptedWx = {
    loginCalls: 0,
    storage,
    lastCode: undefined,
    login({ success }: { success(r: { code: string }): void }) {
      api.loginCalls++;
      // One user for every code of `who` (the fake WeChat reads the user before the "~").
      const code = `${who}~${++serial}-${randomBytes(3).toString('hex')}`;
      sessionKey = randomBytes(16).toString('base64');
      wx.presetSessionKey(code, sessionKey);
      api.lastCode = code;
      setImmediate(() => success({ code }));
    },
    getUserInfo({ success }: { success(r: unknown): void }) {
      const rawData = JSON.stringify(userInfo);
      const signature = createHash('sha1')
        .update(rawData + sessionKey)
        .digest('hex');
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
      const sealed = Buffer.concat([
        cipher.update(
          JSON.stringify({
            ...userInfo,
            openId: wx.openIdFor(api.lastCode!),
            watermark: { appid: appId, timestamp: 1 },
          }),
        ),
        cipher.final(),
      ]);
      setImmediate(() =>
        success({
          userInfo,
          rawData,
          signature,
          encryptedData: sealed.toString('base64'),
          iv: iv.toString('base64'),
        }),
      );
    },
    checkSession({ success }: { success(): void }) {
      setImmediate(success);
    },
    request(options: {
      url: string;
      method?: string;
      header?: Record<string, string>;
      data?: unknown;
      success(r: { data: unknown; statusCode: number; header: Record<string, string> }): void;
      fail(e: { errMsg: string }): void;
    }) {
      const method = options.method ?? 'GET';
      const body =
        method === 'GET' || options.data === undefined
          ? undefined
          : typeof options.data === 'string'
            ? options.data
            : JSON.stringify(options.data);
      fetch(options.url, { method, headers: { 'content-type': 'application/json', ...options.header }, body })
        .then(async (res) => {
          const text = await res.text();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // as wx.request: a string when the answer is not JSON
          }
          options.success({ data, statusCode: res.status, header: Object.fromEntries(res.headers) });
        })
        .catch((err: Error) => options.fail({ errMsg: `request:fail ${err.message}` }));
    },
    // The SDKs' tunnel modules register socket handlers when they load; no test uses a tunnel.
    onSocketOpen: () => undefined,
    onSocketClose: () => undefined,
    onSocketMessage: () => undefined,
    onSocketError: () => undefined,
    onNetworkStatusChange: () => undefined,
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, structuredClone(value)),
    removeStorageSync: (key: string) => void storage.delete(key),
  };
  return api;
}
