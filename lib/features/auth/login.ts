// POST /login: exchange the wx.login code with WeChat, check any legacy user data against the
// session_key, upsert the user and open our own session. session_key never leaves this module.
import type { LoginResult } from '../../../contract/wire.js';
import type { CodeExchange } from '../../integrations/wechat/code-exchange.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import { DecryptFailedError, UnknownAppError } from '../../platform/errors.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { SessionDoor } from '../../stores/session/store.js';
import type { LegacyProfile, UserStore } from '../../stores/user/store.js';
import { legacyProfile, parseRawData } from './legacy-profile.js';
import type { LoginInput } from './login-input.js';
import type { SessionService } from './sessions.js';
import { decryptUserData, verifyRawData } from './user-data.js';
import { toUserView } from './user-view.js';

export interface LoginDeps {
  apps: Pick<Config, 'apps' | 'defaultAppId'>;
  loginLimiter: RateLimiter;
  wechat: CodeExchange;
  users: UserStore;
  sessions: SessionService;
  clock: Clock;
}

/** A route's warm-up: the users collection ready while the code is exchanged with WeChat. */
export const warmLogin = (deps: LoginDeps): Promise<void> => deps.users.ensureIndexes();

/** Logs in at `door` (recorded in the session, for the user's export). */
export async function login(
  deps: LoginDeps,
  sourceIp: string,
  input: LoginInput,
  door: SessionDoor = 'login',
): Promise<LoginResult> {
  const app = deps.apps.apps.get(input.appId ?? deps.apps.defaultAppId);
  if (!app) throw new UnknownAppError();
  await deps.loginLimiter.consume(`${app.appId}:${sourceIp}`);

  const wx = await deps.wechat.exchangeCode(app, input.code);
  let profile: LegacyProfile | undefined;
  let unionId = wx.unionId;
  if (input.rawData && input.signature) {
    verifyRawData(input.rawData, input.signature, wx.sessionKey);
    profile = legacyProfile(parseRawData(input.rawData));
  }
  if (input.encryptedData && input.iv) {
    const data = decryptUserData(input.encryptedData, input.iv, wx.sessionKey, app.appId);
    if (typeof data.openId === 'string' && data.openId !== wx.openId) {
      throw new DecryptFailedError('encryptedData belongs to another user');
    }
    profile = { ...legacyProfile(data), ...profile };
    if (typeof data.unionId === 'string' && data.unionId) unionId ??= data.unionId;
  }

  const record = await deps.users.upsertOnLogin({
    appId: app.appId,
    openId: wx.openId,
    unionId,
    profile,
    now: new Date(deps.clock.now()),
  });
  const user = toUserView(record);
  const session = await deps.sessions.open(app, wx.openId, wx.sessionKey, user, door);
  return { uuid: session.uuid, skey: session.skey, expiresAt: session.expiresAt.toISOString(), user };
}
