// The WeChat server API as far as login needs it: jscode2session, with a 3 s timeout and WeChat's
// errcodes mapped onto the contract. The URL carries the app secret, so it is never logged or echoed.

import type { AppConfig } from '../../platform/config/index.js';
import {
  InvalidCodeError,
  RateLimitedError,
  SessionKeyExchangeFailedError,
  UserBlockedError,
} from '../../platform/errors.js';
import { httpCall, isOk } from '../../platform/http/client.js';
import { parseJsonObject } from '../../platform/json.js';
import { WECHAT_TIMEOUT_MS } from './http.js';

export interface CodeSession {
  openId: string;
  sessionKey: string;
  unionId?: string;
}

export interface CodeExchange {
  exchangeCode(app: AppConfig, code: string): Promise<CodeSession>;
}

export class HttpCodeExchange implements CodeExchange {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = WECHAT_TIMEOUT_MS,
  ) {}

  async exchangeCode(app: AppConfig, code: string): Promise<CodeSession> {
    requireSecret(app);
    const query = new URLSearchParams({
      appid: app.appId,
      secret: app.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const body = await this.getJson(`${this.baseUrl}/sns/jscode2session?${query}`);
    const errcode = body.errcode;
    if (errcode !== undefined && errcode !== 0) throw mapErrcode(errcode);
    const { openid, session_key: sessionKey, unionid } = body;
    if (typeof openid !== 'string' || !openid || typeof sessionKey !== 'string' || !sessionKey) {
      throw new SessionKeyExchangeFailedError('WeChat answered without openid or session_key');
    }
    return {
      openId: openid,
      sessionKey,
      ...(typeof unionid === 'string' && unionid ? { unionId: unionid } : {}),
    };
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    let text: string;
    try {
      const answer = await httpCall(url, { timeoutMs: this.timeoutMs });
      text = answer.text;
      if (!isOk(answer)) throw new SessionKeyExchangeFailedError(`WeChat answered HTTP ${answer.status}`);
    } catch (err) {
      if (err instanceof SessionKeyExchangeFailedError) throw err;
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new SessionKeyExchangeFailedError(
        timedOut ? 'WeChat did not answer in time' : 'could not reach WeChat',
      );
    }
    const parsed = parseJsonObject(text);
    if (parsed) return parsed;
    throw new SessionKeyExchangeFailedError('WeChat answered with something that is not JSON');
  }
}

function mapErrcode(errcode: unknown): Error {
  switch (errcode) {
    case 40029:
    case 40163:
      return new InvalidCodeError();
    case 40226:
      return new UserBlockedError();
    case 45011:
      return new RateLimitedError(60);
    case -1:
      return new SessionKeyExchangeFailedError('WeChat is busy; try again');
    default:
      return new SessionKeyExchangeFailedError(`WeChat refused the exchange (errcode ${String(errcode)})`);
  }
}

/** A function that does not declare the `wechat` part is deployed without WX_SECRET: a call to
 * WeChat from it is a wrong declaration, failed loudly (ERR_INTERNAL and a log line). */
export function requireSecret(app: AppConfig): void {
  if (!app.secret)
    throw new Error(`no secret for ${app.appId}: this function does not declare the wechat part`);
}
