// The mini-program client: logs in with wx.login, keeps uuid/skey in wx storage, sends them as
// X-WX-Id / X-WX-Skey, and on ERR_SESSION_EXPIRED / ERR_INVALID_SESSION logs in again once and
// retries once. Concurrent requests share one login. Uploads go straight to COS.
import { WeappScfError } from './errors.js';
import type { FunctionName } from './routing.js';
import { createSessions, type RequestOptions } from './session.js';
import { createTransport } from './transport.js';
import type {
  AccountExport,
  AlbumImage,
  Comment,
  Drawing,
  DrawingAction,
  DrawingSummary,
  ImageType,
  ListQuery,
  MaskedPhone,
  OwnPhone,
  Page,
  PostedComment,
  StsCredentials,
  UploadGrant,
  User,
  Video,
} from './types.js';
import type { WxApi } from './wx.js';

export type { RequestOptions };

export interface ClientOptions {
  /** Where the functions are reached, e.g. the Function URL's domain or http://localhost:3000. */
  baseUrl: string;
  /** Deployed, each function has its own Function URL: name them here (the rest go to baseUrl). */
  functionUrls?: Partial<Record<FunctionName, string>>;
  /** For deployments serving several mini programs; the server's default app otherwise. */
  appId?: string;
  /** Defaults to the mini program's global `wx`. */
  wx?: WxApi;
  /** The wx storage key for the session. */
  storageKey?: string;
}

export type Client = ReturnType<typeof createClient>;

const list = (query?: ListQuery) => ({ limit: query?.limit, cursor: query?.cursor });
const at = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export function createClient(options: ClientOptions) {
  const wx = options.wx ?? (globalThis as unknown as { wx: WxApi }).wx;
  const send = createTransport(wx, options.baseUrl, options.functionUrls);
  const sessions = createSessions(wx, send, options.storageKey ?? 'weapp-scf:session', options.appId);
  const { request } = sessions;

  /** Signs an upload, sends the file with wx.uploadFile to COS (file field `file`), resolves to its key. */
  async function uploadImage(filePath: string, contentType: ImageType, size: number): Promise<string> {
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
  }

  return {
    /** wx.login, then POST /login; the session is kept in wx storage. Concurrent calls share one login. */
    login: sessions.login,
    /** Any route of the API. `auth: 'session'` (default) logs in when needed and retries once after a lapsed session. */
    request,
    /** The stored session, if any (for showing "logged in"). */
    session: sessions.stored,
    auth: () => request<{ user: User; expiresAt: string }>({ path: '/auth', method: 'POST' }),
    async logout(): Promise<void> {
      if (sessions.stored()) await request({ path: '/logout', method: 'POST' }).catch(() => undefined);
      sessions.forget();
    },
    updateProfile: (patch: { nickName?: string; avatarUrl?: string }) =>
      request<{ user: User }>({ path: '/profile', method: 'POST', data: patch }),
    uploadImage,
    album: {
      sign: (contentType: ImageType, size: number) =>
        request<UploadGrant>({ path: '/album/uploads', method: 'POST', data: { contentType, size } }),
      credentials: () => request<StsCredentials>({ path: '/album/credentials', method: 'POST' }),
      list: (query?: ListQuery) => request<Page<AlbumImage>>({ path: '/album', query: list(query) }),
      delete: (name: string) => request<{ deleted: true }>({ path: `/album/${at(name)}`, method: 'DELETE' }),
    },
    drawings: {
      save: (drawing: { actions: DrawingAction[]; title?: string; id?: string }) =>
        request<{ id: string; createdAt: string }>({ path: '/drawings', method: 'POST', data: drawing }),
      list: (query?: ListQuery) => request<Page<DrawingSummary>>({ path: '/drawings', query: list(query) }),
      get: (id: string) => request<Drawing>({ path: `/drawings/${at(id)}` }),
      delete: (id: string) => request<{ deleted: true }>({ path: `/drawings/${at(id)}`, method: 'DELETE' }),
    },
    phone: {
      /** The code from <button open-type="getPhoneNumber">'s event (e.detail.code). */
      bind: (code: string) =>
        request<{ phone: MaskedPhone }>({ path: '/phone', method: 'POST', data: { code } }),
      /** The old getPhoneNumber event's encryptedData and iv. */
      bindEncrypted: (encryptedData: string, iv: string) =>
        request<{ phone: MaskedPhone }>({ path: '/phone', method: 'POST', data: { encryptedData, iv } }),
      get: () => request<{ phone: OwnPhone }>({ path: '/phone' }),
      remove: () => request<{ deleted: true }>({ path: '/phone', method: 'DELETE' }),
    },
    me: {
      /** Everything held about the user (GET /me/export; 5 an hour). */
      export: () => request<AccountExport>({ path: '/me/export' }),
      /** Deletes the account for good (DELETE /me), then forgets the session. */
      async delete(): Promise<{ deleted: true }> {
        const done = await request<{ deleted: true }>({
          path: '/me',
          method: 'DELETE',
          data: { confirm: true },
        });
        sessions.forget();
        return done;
      },
    },
    videos: {
      list: (query?: ListQuery) =>
        request<Page<Video>>({ path: '/videos', query: list(query), auth: 'none' }),
    },
    comments: {
      list: (vid: string, query?: ListQuery) =>
        request<Page<Comment>>({ path: `/videos/${at(vid)}/comments`, query: list(query), auth: 'optional' }),
      post: (vid: string, content: string) =>
        request<PostedComment>({ path: `/videos/${at(vid)}/comments`, method: 'POST', data: { content } }),
      delete: (vid: string, id: string) =>
        request<{ deleted: true }>({ path: `/videos/${at(vid, 'comments', id)}`, method: 'DELETE' }),
    },
  };
}

function cosErrorCode(xml: string): string {
  return /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? 'unknown';
}
