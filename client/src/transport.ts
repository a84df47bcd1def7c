// One call to the API over wx.request: the URL with its query, the session headers, and the
// contract's envelope turned into data or a WeappScfError (with status, requestId, retry-after).
import { WeappScfError } from './errors.js';
import { baseFor, type FunctionName } from './routing.js';
import type { WxApi } from './wx.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | undefined>;

export interface StoredSession {
  uuid: string;
  skey: string;
  expiresAt: string;
}

export type Send = <T>(
  method: Method,
  path: string,
  data: Record<string, unknown> | undefined,
  query?: Query,
  session?: StoredSession,
) => Promise<T>;

type Envelope<T> =
  | { ok: true; data: T }
  | { ok: false; error: WeappScfError['code']; message: string; requestId?: string };

export function createTransport(
  wx: WxApi,
  baseUrl: string,
  functionUrls: Partial<Record<FunctionName, string>> = {},
): Send {
  return (method, path, data, query, session) =>
    new Promise((resolve, reject) => {
      wx.request({
        url: `${baseFor(path, baseUrl, functionUrls)}${path}${queryString(query)}`,
        method,
        ...(data !== undefined ? { data } : {}),
        header: {
          'content-type': 'application/json',
          ...(session ? { 'X-WX-Id': session.uuid, 'X-WX-Skey': session.skey } : {}),
        },
        success: (res) => {
          const body = (typeof res.data === 'string' ? safeJson(res.data) : res.data) as
            | Envelope<never>
            | undefined;
          if (body?.ok === true) return resolve(body.data);
          const retry = Number(res.header?.['retry-after'] ?? res.header?.['Retry-After']);
          reject(
            body?.ok === false
              ? new WeappScfError(
                  body.error,
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

function queryString(query: Query | undefined): string {
  const search = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return search ? `?${search}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
