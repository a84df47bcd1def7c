// The wafer session server's API (what wafer-node-server-sdk and wafer-php-server-sdk call as their
// authServerUrl): POST /mina_auth/ with {version: 1, componentName: "MA", interface: {interfaceName,
// para}}. qcloud.cam.id_skey {code, encrypt_data, iv} -> returnData {id, skey, user_info, duration};
// qcloud.cam.auth {id, skey} -> returnData {user_info}. Always HTTP 200 with a returnCode: 60011
// for a session that is invalid or expired, 60012 when WeChat refused the code (the business SDKs
// answer both with ERR_INVALID_SESSION), -1 for anything else.
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import {
  type HttpError,
  InvalidCodeError,
  InvalidSessionError,
  SessionExpiredError,
  SessionKeyExchangeFailedError,
} from '../../../platform/errors.js';
import type { HttpRequest } from '../../../platform/http/event.js';
import type { Reply } from '../../../platform/http/route.js';
import { readCredentials } from '../credentials.js';
import { type LoginDeps, login } from '../login.js';
import type { SessionService } from '../sessions.js';

const text = (max: number) => z.string().min(1).max(max);

export const minaAuthCall = z.object({
  version: z.literal(1),
  componentName: z.literal('MA'),
  interface: z.discriminatedUnion('interfaceName', [
    z.object({
      interfaceName: z.literal('qcloud.cam.id_skey'),
      para: z.object({
        code: text(256),
        encrypt_data: z.string().max(65_536).optional(),
        iv: z.string().max(64).optional(),
      }),
    }),
    z.object({
      interfaceName: z.literal('qcloud.cam.auth'),
      para: z.object({ id: text(64), skey: text(64) }),
    }),
  ]),
});

export async function minaAuthApi(
  deps: { login: LoginDeps; sessions: SessionService; clock: Clock },
  request: HttpRequest,
  call: z.output<typeof minaAuthCall>,
): Promise<Reply> {
  const ok = (returnData: unknown): Reply => ({
    raw: true,
    data: { returnCode: 0, returnMessage: 'OK', returnData },
  });
  const iface = call.interface;
  if (iface.interfaceName === 'qcloud.cam.auth') {
    const credentials = readCredentials({
      headers: {},
      query: {},
      body: { uuid: iface.para.id, skey: iface.para.skey },
    });
    const session = await deps.sessions.authenticate(credentials as { uuid: string; skey: string });
    // This door logs in to the deployment's default mini program (qcloud.cam.id_skey names no app),
    // so it vouches only for that program's sessions.
    if (session.appId !== deps.login.apps.defaultAppId)
      throw new InvalidSessionError('this session belongs to another mini program');
    return ok({ user_info: session.user });
  }
  const { code, encrypt_data: encryptedData, iv } = iface.para;
  const result = await login(
    deps.login,
    request.sourceIp,
    { code, ...(encryptedData && iv ? { encryptedData, iv } : {}) },
    'mina_auth',
  );
  const duration = Math.max(0, Math.floor((Date.parse(result.expiresAt) - deps.clock.now()) / 1000));
  return ok({ id: result.uuid, skey: result.skey, user_info: result.user, duration });
}

export function minaAuthFailure(err: HttpError): Reply {
  const returnCode =
    err instanceof InvalidSessionError || err instanceof SessionExpiredError
      ? 60011
      : err instanceof InvalidCodeError || err instanceof SessionKeyExchangeFailedError
        ? 60012
        : -1;
  return { status: 200, raw: true, data: { returnCode, returnMessage: `${err.code}: ${err.message}` } };
}
