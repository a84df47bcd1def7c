// A scripted `wx` for Node: wx.login hands out this user's code, wx.request and wx.uploadFile make
// real HTTP requests (fetch), storage is a Map. It counts calls so tests can see what the client did.
import { readFileSync } from 'node:fs';
import type { WxApi } from '../../client/src/wx.js';

export interface NodeWx extends WxApi {
  loginCalls: number;
  requests: Array<{ method: string; url: string; header: Record<string, string> }>;
  storage: Map<string, unknown>;
}

export function nodeWx(code: string): NodeWx {
  const storage = new Map<string, unknown>();
  const wx: NodeWx = {
    loginCalls: 0,
    requests: [],
    storage,
    login({ success }) {
      wx.loginCalls++;
      setTimeout(() => success({ code }), 5);
    },
    request({ url, method, data, header = {}, success, fail }) {
      wx.requests.push({ method, url, header });
      fetch(url, { method, headers: header, body: data === undefined ? undefined : JSON.stringify(data) })
        .then(async (res) => {
          const text = await res.text();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // wx hands over the raw string when it is not JSON
          }
          success({ statusCode: res.status, data: parsed, header: Object.fromEntries(res.headers) });
        })
        .catch((err: Error) => fail({ errMsg: `request:fail ${err.message}` }));
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
