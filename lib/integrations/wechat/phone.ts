// The user's phone number from WeChat ("手机号快速验证"): the code of <button open-type=
// "getPhoneNumber"> exchanged at /wxa/business/getuserphonenumber with the shared access token
// (refreshed once on 40001/42001). The number is checked against the mini program it was made for
// (watermark.appid) and never logged; the whole call answers within WECHAT_TIMEOUT_MS.
import type { AppConfig } from '../../platform/config/index.js';
import {
  InvalidCodeError,
  RateLimitedError,
  ServiceUnavailableError,
  WechatFailedError,
} from '../../platform/errors.js';
import type { AccessTokens } from './access-token.js';
import { WECHAT_TIMEOUT_MS } from './http.js';
import { postWithToken } from './token-call.js';

export interface PhoneNumber {
  /** With its country code, as WeChat gives it: "+86 13800000000" style or plain digits. */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  countryCode: string;
}

export interface PhoneNumbers {
  fetch(app: AppConfig, code: string): Promise<PhoneNumber>;
}

/** A phone number record from WeChat (getuserphonenumber's phone_info, or decrypted legacy data). */
export function readPhoneInfo(info: unknown, appId: string): PhoneNumber | null {
  if (typeof info !== 'object' || info === null) return null;
  const { phoneNumber, purePhoneNumber, countryCode, watermark } = info as Record<string, unknown>;
  if ((watermark as { appid?: unknown } | undefined)?.appid !== appId) return null;
  if (typeof purePhoneNumber !== 'string' || !/^\d{4,20}$/.test(purePhoneNumber)) return null;
  // getuserphonenumber documents countryCode as a number (86); the old encryptedData form sends a string.
  const code =
    typeof countryCode === 'number' && Number.isInteger(countryCode) ? String(countryCode) : countryCode;
  return {
    phoneNumber: typeof phoneNumber === 'string' ? phoneNumber : purePhoneNumber,
    purePhoneNumber,
    countryCode: typeof code === 'string' && /^\d{1,4}$/.test(code) ? code : '86',
  };
}

export class WechatPhoneNumbers implements PhoneNumbers {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: AccessTokens,
  ) {}

  async fetch(app: AppConfig, code: string): Promise<PhoneNumber> {
    const deadline = performance.now() + WECHAT_TIMEOUT_MS;
    let answer: Record<string, unknown>;
    try {
      const path = '/wxa/business/getuserphonenumber';
      answer = await postWithToken(this.baseUrl, this.tokens, app, path, { code }, deadline);
    } catch (err) {
      // No answer in time, or none that is JSON: WeChat failed us (502), the number is not lost.
      if (err instanceof ServiceUnavailableError) throw new WechatFailedError();
      throw err;
    }
    switch (answer.errcode) {
      case 0: {
        const phone = readPhoneInfo(answer.phone_info, app.appId);
        if (!phone)
          throw new WechatFailedError('WeChat answered with a phone number for another mini program');
        return phone;
      }
      case 40029:
        throw new InvalidCodeError('the phone code is invalid or already used');
      case 45011:
        throw new RateLimitedError(60);
      default:
        throw new WechatFailedError(`WeChat answered errcode ${String(answer.errcode)}`);
    }
  }
}
