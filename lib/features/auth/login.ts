// POST /login: exchange the wx.login code with WeChat, check any legacy user data against the
// session_key, upsert the user and open our own session. session_key never leaves this module.

import { InvalidInputError, UnknownAppError } from '../../platform/errors.js';
import type { HttpRequest } from '../../platform/http/event.js';
import type { Runtime } from '../../app/runtime.js';
import type { LegacyProfile } from '../../stores/user/store.js';
import type { LoginInput } from './login-input.js';
import { decryptUserData, verifyRawData } from './user-data.js';
import { toUserView, type UserView } from './user-view.js';

export interface LoginResult {
  uuid: string;
  skey: string;
  expiresAt: string;
  user: UserView;
}

export async function login(rt: Runtime, request: HttpRequest, input: LoginInput): Promise<LoginResult> {
  const app = rt.config.apps.get(input.appId ?? rt.config.defaultAppId);
  if (!app) throw new UnknownAppError();
  await rt.loginLimiter.consume(`${app.appId}:${request.sourceIp}`);

  const wx = await rt.wechat.exchangeCode(app, input.code);
  let profile: LegacyProfile | undefined;
  let unionId = wx.unionId;
  if (input.rawData && input.signature) {
    verifyRawData(input.rawData, input.signature, wx.sessionKey);
    profile = legacyProfile(parseObject(input.rawData, 'rawData'));
  }
  if (input.encryptedData && input.iv) {
    const data = decryptUserData(input.encryptedData, input.iv, wx.sessionKey, app.appId);
    if (typeof data.openId === 'string' && data.openId !== wx.openId) {
      throw new InvalidInputError('encryptedData belongs to another user');
    }
    profile = { ...legacyProfile(data), ...profile };
    if (typeof data.unionId === 'string' && data.unionId) unionId ??= data.unionId;
  }

  const now = rt.clock();
  const record = await rt.users.upsertOnLogin({
    appId: app.appId,
    openId: wx.openId,
    unionId,
    profile,
    now: new Date(now),
  });
  const user = toUserView(record);
  const session = await rt.sessions.open(app, wx.openId, wx.sessionKey, user);
  return { uuid: session.uuid, skey: session.skey, expiresAt: session.expiresAt.toISOString(), user };
}

function parseObject(json: string, field: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidInputError(`${field}: not a JSON object`);
}

function legacyProfile(data: Record<string, unknown>): LegacyProfile {
  const str = (key: string, max: number) => {
    const v = data[key];
    return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
  };
  const gender = data.gender;
  const avatarUrl = str('avatarUrl', 1024);
  const profile: LegacyProfile = {
    nickName: str('nickName', 64),
    avatarUrl: avatarUrl?.startsWith('https://') ? avatarUrl : undefined,
    gender: gender === 0 || gender === 1 || gender === 2 ? gender : undefined,
    language: str('language', 16),
    city: str('city', 64),
    province: str('province', 64),
    country: str('country', 64),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as LegacyProfile;
}
