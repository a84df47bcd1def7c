// The few wx calls the client needs, implemented in the browser for the playground: wx.login hands
// out the chosen dev user's code (the dev WeChat stub turns each code into one user), requests are
// fetch, uploads read the picked file from a blob: URL, storage is sessionStorage.
import type { WxApi } from '../client/src/wx.js';

/** Where the session is kept: the browser's sessionStorage unless told otherwise. */
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const sessionStore = (): KeyValueStorage =>
  (globalThis as unknown as { sessionStorage: KeyValueStorage }).sessionStorage;

export function browserWx(code: () => string, storage: () => KeyValueStorage = sessionStore): WxApi {
  return {
    login: ({ success }) => setTimeout(() => success({ code: code() }), 0),
    request({ url, method, data, header, success, fail }) {
      fetch(url, { method, headers: header, body: data === undefined ? undefined : JSON.stringify(data) })
        .then(async (res) => {
          const text = await res.text();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: hand over the text, as wx does
          }
          success({ statusCode: res.status, data: parsed, header: Object.fromEntries(res.headers) });
        })
        .catch((err: Error) => fail({ errMsg: `request:fail ${err.message}` }));
    },
    uploadFile({ url, filePath, name, formData = {}, success, fail }) {
      fetch(filePath)
        .then((res) => res.blob())
        .then((blob) => {
          const form = new FormData();
          for (const [k, v] of Object.entries(formData)) form.append(k, v);
          form.append(name, blob, 'upload');
          return fetch(url, { method: 'POST', body: form });
        })
        .then(async (res) => success({ statusCode: res.status, data: await res.text() }))
        .catch((err: Error) => fail({ errMsg: `uploadFile:fail ${err.message}` }));
    },
    getStorageSync: (key) => JSON.parse(storage().getItem(key) ?? '""'),
    setStorageSync: (key, value) => storage().setItem(key, JSON.stringify(value)),
    removeStorageSync: (key) => storage().removeItem(key),
  };
}
