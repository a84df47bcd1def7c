// Local-only stand-in for WeChat: the same code is always the same user, different codes are
// different users, and each code's session_key is derived from it, so a locally scripted client can
// sign rawData and encrypt encryptedData as a phone would. A getPhoneNumber code is a number of the
// code's own: "138" + 8 digits of sha256(code); the code "invalid" is refused as WeChat does.
//   openId      = "odev" + base64url(sha256("weapp-scf-dev\0" + appId + "\0" + code))[0..24]
//   session_key = base64(sha256("weapp-scf-dev/session_key\0" + appId + "\0" + code)[0..16])
// Refused on SCF by config.
import { createHash } from 'node:crypto';
import type { CodeExchange, CodeSession } from '../lib/integrations/wechat/code-exchange.js';
import type { PhoneNumber, PhoneNumbers } from '../lib/integrations/wechat/phone.js';
import type { AppConfig } from '../lib/platform/config/index.js';
import { InvalidCodeError } from '../lib/platform/errors.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function devSessionKey(appId: string, code: string): string {
  return sha256(`weapp-scf-dev/session_key\u0000${appId}\u0000${code}`).subarray(0, 16).toString('base64');
}

export class DevWechatStub implements CodeExchange, PhoneNumbers {
  async exchangeCode(app: AppConfig, code: string): Promise<CodeSession> {
    const digest = sha256(`weapp-scf-dev\u0000${app.appId}\u0000${code}`).toString('base64url');
    return { openId: `odev${digest.slice(0, 24)}`, sessionKey: devSessionKey(app.appId, code) };
  }

  async fetch(_app: AppConfig, code: string): Promise<PhoneNumber> {
    if (code === 'invalid') throw new InvalidCodeError('the phone code is invalid or already used');
    const digits =
      BigInt(`0x${sha256(`weapp-scf-dev/phone\u0000${code}`).toString('hex').slice(0, 12)}`) % 100_000_000n;
    const pure = `138${digits.toString().padStart(8, '0')}`;
    return { phoneNumber: pure, purePhoneNumber: pure, countryCode: '86' };
  }
}
