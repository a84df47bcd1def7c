// The mini-program client: logs in with wx.login, keeps uuid/skey in wx storage, sends them as
// X-WX-Id / X-WX-Skey, and on ERR_SESSION_EXPIRED / ERR_INVALID_SESSION logs in again once and
// retries once. Concurrent requests share one login. Uploads go straight to COS.
import { isSessionError, WeappScfError } from './errors.js';
import type {
  AlbumImage,
  Comment,
  Drawing,
  DrawingAction,
  DrawingSummary,
  ImageType,
  ListQuery,
  LoginData,
  Page,
  PostedComment,
  StsCredentials,
  UploadGrant,
  User,
  Video,
} from './types.js';
import type { WxApi } from './wx.js';

export interface ClientOptions {
  /** Where the functions are reached, e.g. the Function URL's domain or http://localhost:3000. */
  baseUrl: string;
  /** For deployments serving several mini programs; the server's default app otherwise. */
  appId?: string;
  /** Defaults to the mini program's global `wx`. */
  wx?: WxApi;
  /** The wx storage key for the session. */
  storageKey?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type AuthMode = 'session' | 'optional' | 'none';

export interface RequestOptions {
  path: string;
  method?: Method;
  data?: unknown;
  query?: Record<string, string | number | undefined>;
  auth?: AuthMode;
}

interface StoredSession {
  uuid: string;
  skey: string;
  expiresAt: string;
}

export type Client = ReturnType<typeof createClient>;

export function createClient(options: ClientOptions) {
  const wx = options.wx ?? (globalThis as unknown as { wx: WxApi }).wx;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const storageKey = options.storageKey ?? 'weapp-scf:session';
  let loggingIn: Promise<LoginData> | undefined;

  const stored = (): StoredSession | undefined => {
    const value = wx.getStorageSync(storageKey) as Partial<StoredSession> | undefined;
    return value && typeof value.uuid === 'string' && typeof value.skey === 'string'
      ? (value as StoredSession)
      : undefined;
  };

  function send<T>(
    method: Method,
    path: string,
    data: unknown,
    query: RequestOptions['query'],
    session?: StoredSession,
  ): Promise<T> {
    const search = Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return new Promise((resolve, reject) => {
      wx.request({
        url: `${baseUrl}${path}${search ? `?${search}` : ''}`,
        method,
        ...(data !== undefined ? { data } : {}),
        header: {
          'content-type': 'application/json',
          ...(session ? { 'X-WX-Id': session.uuid, 'X-WX-Skey': session.skey } : {}),
        },
        success: (res) => {
          const body = (typeof res.data === 'string' ? safeJson(res.data) : res.data) as
            | { ok: true; data: T }
            | { ok: false; error: string; message: string; requestId?: string }
            | undefined;
          if (body?.ok === true) return resolve(body.data);
          const retry = Number(res.header?.['retry-after'] ?? res.header?.['Retry-After']);
          reject(
            body && body.ok === false
              ? new WeappScfError(
                  body.error as WeappScfError['code'],
                  body.message,
                  res.statusCode,
                  body.requestId,
                  retry || undefined,
                )
              : new WeappScfError(
                  'ERR_INTERNAL',
                  `unexpected answer (HTTP ${res.statusCode})`,
                  res.statusCode,
                ),
          );
        },
        fail: (err) => reject(new WeappScfError('ERR_NETWORK', err.errMsg)),
      });
    });
  }

  /** wx.login, then POST /login; the session is kept in wx storage. Concurrent calls share one login. */
  function login(): Promise<LoginData> {
    loggingIn ??= (async () => {
      const code = await new Promise<string>((resolve, reject) =>
        wx.login({
          success: (res) => resolve(res.code),
          fail: (err) => reject(new WeappScfError('ERR_LOGIN_FAILED', err.errMsg)),
        }),
      );
      const data = await send<LoginData>(
        'POST',
        '/login',
        { code, ...(options.appId ? { appId: options.appId } : {}) },
        undefined,
      );
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

  /** Any route of the API. `auth: 'session'` (default) logs in when needed and retries once after a lapsed session. */
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
      if (stored()?.uuid === used.uuid) {
        wx.removeStorageSync(storageKey);
      }
      return send<T>(method, path, data, query, await session());
    }
  }

  const list = (query?: ListQuery) => ({ limit: query?.limit, cursor: query?.cursor });

  return {
    login,
    request,
    /** The stored session, if any (for showing "logged in"). */
    session: stored,
    auth: () => request<{ user: User; expiresAt: string }>({ path: '/auth', method: 'POST' }),
    async logout(): Promise<void> {
      if (stored()) await request({ path: '/logout', method: 'POST' }).catch(() => undefined);
      wx.removeStorageSync(storageKey);
    },
    updateProfile: (patch: { nickName?: string; avatarUrl?: string }) =>
      request<{ user: User }>({ path: '/profile', method: 'POST', data: patch }),

    /** Signs an upload, sends the file with wx.uploadFile to COS (file field `file`), resolves to its key. */
    async uploadImage(filePath: string, contentType: ImageType, size: number): Promise<string> {
      const grant = await request<UploadGrant>({
        path: '/album/uploads',
        method: 'POST',
        data: { contentType, size },
      });
      await new Promise<void>((resolve, reject) =>
        wx.uploadFile({
          url: grant.post.url,
          filePath,
          name: 'file',
          formData: grant.post.fields,
          success: (res) =>
            res.statusCode >= 200 && res.statusCode < 300
              ? resolve()
              : reject(
                  new WeappScfError(
                    'ERR_UPLOAD_FAILED',
                    `COS answered ${res.statusCode}: ${cosErrorCode(res.data)}`,
                    res.statusCode,
                  ),
                ),
          fail: (err) => reject(new WeappScfError('ERR_NETWORK', err.errMsg)),
        }),
      );
      return grant.key;
    },
    album: {
      sign: (contentType: ImageType, size: number) =>
        request<UploadGrant>({ path: '/album/uploads', method: 'POST', data: { contentType, size } }),
      credentials: () => request<StsCredentials>({ path: '/album/credentials', method: 'POST' }),
      list: (query?: ListQuery) => request<Page<AlbumImage>>({ path: '/album', query: list(query) }),
      delete: (name: string) =>
        request<{ deleted: true }>({ path: `/album/${encodeURIComponent(name)}`, method: 'DELETE' }),
    },
    drawings: {
      save: (drawing: { actions: DrawingAction[]; title?: string; id?: string }) =>
        request<{ id: string; createdAt: string }>({ path: '/drawings', method: 'POST', data: drawing }),
      list: (query?: ListQuery) => request<Page<DrawingSummary>>({ path: '/drawings', query: list(query) }),
      get: (id: string) => request<Drawing>({ path: `/drawings/${encodeURIComponent(id)}` }),
      delete: (id: string) =>
        request<{ deleted: true }>({ path: `/drawings/${encodeURIComponent(id)}`, method: 'DELETE' }),
    },
    videos: {
      list: (query?: ListQuery) =>
        request<Page<Video>>({ path: '/videos', query: list(query), auth: 'none' }),
    },
    comments: {
      list: (vid: string, query?: ListQuery) =>
        request<Page<Comment>>({
          path: `/videos/${encodeURIComponent(vid)}/comments`,
          query: list(query),
          auth: 'optional',
        }),
      post: (vid: string, content: string) =>
        request<PostedComment>({
          path: `/videos/${encodeURIComponent(vid)}/comments`,
          method: 'POST',
          data: { content },
        }),
      delete: (vid: string, id: string) =>
        request<{ deleted: true }>({
          path: `/videos/${encodeURIComponent(vid)}/comments/${encodeURIComponent(id)}`,
          method: 'DELETE',
        }),
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function cosErrorCode(xml: string): string {
  return /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? 'unknown';
}
