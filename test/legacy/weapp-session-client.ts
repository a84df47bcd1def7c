// biome-ignore-all lint/suspicious/noExplicitAny: the untyped CommonJS SDKs and JSON from the old protocols
// A client that behaves as CFETeam/weapp-session-client's lib/session-request.js does (read with
// fetch, described here, not copied): no login route; the first request carries X-WX-Code,
// X-WX-RawData (URI-encoded) and X-WX-Signature, later ones the same X-WX-Code only; when an answer
// has the wafer magic key and `reason` ERR_SESSION_EXPIRED or ERR_SESSION_KEY_EXCHANGE_FAILED it
// calls wx.login again and resends (at most 3 retries); any other magic answer is a failure.
import type { ScriptedWx } from './scripted-wx.js';

const MAGIC = 'F2C224D4-2BCE-4C64-AF9F-A6D872000D1A';

export function weappSessionClient(wx: ScriptedWx) {
  let currentCode: string | undefined;
  const call = <T>(api: string, options: object) =>
    new Promise<T>((resolve, reject) =>
      (wx[api] as (o: object) => void)({ ...options, success: resolve, fail: reject }),
    );

  async function header(): Promise<Record<string, string>> {
    if (currentCode) return { 'X-WX-Code': currentCode };
    const { code } = await call<{ code: string }>('login', {});
    const { rawData, signature } = await call<{ rawData: string; signature: string }>('getUserInfo', {});
    currentCode = code;
    return { 'X-WX-Code': code, 'X-WX-RawData': encodeURIComponent(rawData), 'X-WX-Signature': signature };
  }

  return async function request(url: string, method = 'GET'): Promise<{ data: any; statusCode: number }> {
    for (let tries = 0; tries <= 3; tries++) {
      const res = await call<{ data: any; statusCode: number }>('request', {
        url,
        method,
        header: await header(),
      });
      if (res.data && typeof res.data === 'object' && MAGIC in res.data) {
        if (
          res.data.reason === 'ERR_SESSION_EXPIRED' ||
          res.data.reason === 'ERR_SESSION_KEY_EXCHANGE_FAILED'
        ) {
          currentCode = undefined;
          continue;
        }
        throw Object.assign(new Error(res.data.error), { data: res.data });
      }
      return res;
    }
    throw new Error('请求失败次数过多');
  };
}
