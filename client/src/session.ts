// The session in wx storage, one shared login (wx.login -> POST /login) for concurrent callers, and
// `request`: on ERR_SESSION_EXPIRED / ERR_INVALID_SESSION it logs in again once and retries once.
import { isSessionError, WeappScfError } from './errors.js';
import type { Method, Query, Send, StoredSession } from './transport.js';
import type { LoginData } from './types.js';
import type { WxApi } from './wx.js';

export type AuthMode = 'session' | 'optional' | 'none';

export interface RequestOptions {
  path: string;
  method?: Method;
  data?: Record<string, unknown>;
  query?: Query;
  auth?: AuthMode;
}

export interface Sessions {
  login(): Promise<LoginData>;
  stored(): StoredSession | undefined;
  forget(): void;
  request<T>(options: RequestOptions): Promise<T>;
}

export function createSessions(wx: WxApi, send: Send, storageKey: string, appId?: string): Sessions {
  let loggingIn: Promise<LoginData> | undefined;

  const stored = (): StoredSession | undefined => {
    const value = wx.getStorageSync(storageKey) as Partial<StoredSession> | undefined;
    return value && typeof value.uuid === 'string' && typeof value.skey === 'string'
      ? (value as StoredSession)
      : undefined;
  };

  function login(): Promise<LoginData> {
    loggingIn ??= (async () => {
      const code = await new Promise<string>((resolve, reject) =>
        wx.login({
          success: (res) => resolve(res.code),
          fail: (err) => reject(new WeappScfError('ERR_LOGIN_FAILED', err.errMsg)),
        }),
      );
      const data = await send<LoginData>('POST', '/login', { code, ...(appId ? { appId } : {}) });
      wx.setStorageSync(storageKey, { uuid: data.uuid, skey: data.skey, expiresAt: data.expiresAt });
      return data;
    })().finally(() => {
      loggingIn = undefined;
    });
    return loggingIn;
  }

  async function session(): Promise<StoredSession> {
    const current = stored();
    if (current) return current;
    await login();
    return stored()!;
  }

  async function request<T>({
    path,
    method = 'GET',
    data,
    query,
    auth = 'session',
  }: RequestOptions): Promise<T> {
    if (auth === 'none') return send<T>(method, path, data, query);
    if (auth === 'optional') return send<T>(method, path, data, query, stored());
    const used = await session();
    try {
      return await send<T>(method, path, data, query, used);
    } catch (err) {
      if (!isSessionError(err)) throw err;
      // Only the first request to notice logs in again; the others find the new session stored.
      if (stored()?.uuid === used.uuid) wx.removeStorageSync(storageKey);
      return send<T>(method, path, data, query, await session());
    }
  }

  return { login, stored, forget: () => wx.removeStorageSync(storageKey), request };
}
