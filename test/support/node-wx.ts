// A scripted `wx` for Node: the playground's browser wx (requests are fetch) with what differs in
// Node: uploads read the file from disk, storage is a Map, and wx.login is counted, so tests can
// see how often the client logged in.
import { readFileSync } from 'node:fs';
import type { WxApi } from '../../client/src/wx.js';
import { browserWx } from '../../playground/wx-browser.js';

export interface NodeWx extends WxApi {
  loginCalls: number;
  requests: Array<{ method: string; url: string; header: Record<string, string> }>;
  storage: Map<string, unknown>;
}

export function nodeWx(code: string): NodeWx {
  const browser = browserWx(() => code);
  const storage = new Map<string, unknown>();
  const wx: NodeWx = {
    loginCalls: 0,
    requests: [],
    storage,
    login(options) {
      wx.loginCalls++;
      browser.login(options);
    },
    request(options) {
      wx.requests.push({ method: options.method, url: options.url, header: options.header ?? {} });
      browser.request(options);
    },
    uploadFile({ url, filePath, name, formData = {}, success, fail }) {
      const form = new FormData();
      for (const [k, v] of Object.entries(formData)) form.append(k, v);
      form.append(name, new Blob([readFileSync(filePath)]), 'upload');
      fetch(url, { method: 'POST', body: form })
        .then(async (res) => success({ statusCode: res.status, data: await res.text() }))
        .catch((err: Error) => fail({ errMsg: `uploadFile:fail ${err.message}` }));
    },
    getStorageSync: (key) => storage.get(key) ?? '',
    setStorageSync: (key, value) => void storage.set(key, structuredClone(value)),
    removeStorageSync: (key) => void storage.delete(key),
  };
  return wx;
}
