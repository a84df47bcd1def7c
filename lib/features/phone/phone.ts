// POST|GET|DELETE /phone: the user's phone number, bound from WeChat's getPhoneNumber code (or the
// old encryptedData/iv, decrypted with the session's session_key), kept sealed on the user
// (cipher.ts), answered masked on binding and in full only to the user themself on GET. At most
// PHONE_BINDS_PER_MINUTE binds a minute per user. The number is never logged.
import { z } from 'zod';
import type { PhoneNumber, PhoneNumbers } from '../../integrations/wechat/phone.js';
import { readPhoneInfo } from '../../integrations/wechat/phone.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import { DecryptFailedError, NotFoundError, UnknownAppError } from '../../platform/errors.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { UserStore } from '../../stores/user/store.js';
import type { AuthContext } from '../auth/sessions.js';
import { decryptUserData } from '../auth/user-data.js';
import { maskPhone, openPhone, sealPhone } from './cipher.js';

export const PHONE_BINDS_PER_MINUTE = 10;

export interface PhoneDeps {
  users: UserStore;
  numbers: PhoneNumbers;
  bindLimiter: RateLimiter;
  /** PHONE_KEY; throws ERR_SERVICE_UNAVAILABLE where phone numbers are not configured. */
  key(): Buffer;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

export const phoneBody = z.union([
  z.object({ code: z.string().min(1).max(128) }).strict(),
  z.object({ encryptedData: z.string().min(1).max(4096), iv: z.string().min(1).max(64) }).strict(),
]);
export type PhoneBody = z.infer<typeof phoneBody>;

export interface MaskedPhone {
  masked: string;
  countryCode: string;
}

export const warmPhone = (deps: PhoneDeps): Promise<void> => deps.users.ensureIndexes();

export async function bindPhone(
  deps: PhoneDeps,
  auth: AuthContext,
  body: PhoneBody,
): Promise<{ phone: MaskedPhone }> {
  const app = deps.apps.apps.get(auth.appId);
  if (!app) throw new UnknownAppError();
  const key = deps.key();
  await deps.bindLimiter.consume(`${auth.appId}:${auth.openId}`);
  const number = 'code' in body ? await deps.numbers.fetch(app, body.code) : legacyNumber(auth, body);
  const phone = {
    sealed: sealPhone(key, auth.appId, auth.openId, number.purePhoneNumber),
    masked: maskPhone(number.purePhoneNumber),
    countryCode: number.countryCode,
    boundAt: new Date(deps.clock.now()),
  };
  if (!(await deps.users.setPhone(auth.appId, auth.openId, phone, phone.boundAt)))
    throw new NotFoundError('no such user');
  return { phone: { masked: phone.masked, countryCode: phone.countryCode } };
}

/** The old getPhoneNumber event: encryptedData/iv under the session's session_key, watermark checked. */
function legacyNumber(auth: AuthContext, body: { encryptedData: string; iv: string }): PhoneNumber {
  const sessionKey = auth.sessionKey?.();
  if (!sessionKey) throw new DecryptFailedError('this session cannot decrypt WeChat data; log in again');
  const number = readPhoneInfo(
    decryptUserData(body.encryptedData, body.iv, sessionKey, auth.appId),
    auth.appId,
  );
  if (!number) throw new DecryptFailedError('encryptedData holds no phone number');
  return number;
}

export async function readPhone(
  deps: PhoneDeps,
  auth: AuthContext,
): Promise<{ phone: MaskedPhone & { purePhoneNumber: string } }> {
  const stored = await deps.users.getPhone(auth.appId, auth.openId);
  const pure = stored && openPhone(deps.key(), auth.appId, auth.openId, stored.sealed);
  if (!stored || !pure) throw new NotFoundError('no phone number is bound');
  return { phone: { purePhoneNumber: pure, masked: stored.masked, countryCode: stored.countryCode } };
}

export async function removePhone(deps: PhoneDeps, auth: AuthContext): Promise<{ deleted: true }> {
  if (!(await deps.users.getPhone(auth.appId, auth.openId)))
    throw new NotFoundError('no phone number is bound');
  await deps.users.setPhone(auth.appId, auth.openId, null, new Date(deps.clock.now()));
  return { deleted: true };
}
