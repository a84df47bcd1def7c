// The wxapp (Django wafer port) doors: POST /mina/login {code, encrypt_data, iv, app_id} and
// POST /mina/auth {uuid, skey, app_id}; app_id is a numeric app key, mapped to a mini program by
// WX_APPS[].legacyId. Success is {ok: "success", data}; anything else {ok: "fail", error, msg}, on
// which its client logs in again. Empty encrypt_data/iv (the user declined) log in without user data.
import { z } from 'zod';
import type { UserView } from '../../../../contract/wire.js';
import type { Clock } from '../../../platform/clock.js';
import type { AppConfig, Config } from '../../../platform/config/index.js';
import { type HttpError, InvalidSessionError, UnknownAppError } from '../../../platform/errors.js';
import type { Reply } from '../../../platform/http/route.js';
import { readCredentials } from '../credentials.js';
import { type LoginDeps, login } from '../login.js';
import type { SessionService } from '../sessions.js';

/** The numeric app key; said plainly when it is missing or not a number. */
const appKey = z.union(
  [
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d{1,16}$/)
      .transform(Number),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_union' && ctx.data === undefined
        ? { message: 'app_id is missing: send the numeric app key of the mini program (its legacyId)' }
        : { message: 'app_id must be the numeric app key of the mini program (its legacyId)' },
  },
);

export const minaLoginBody = z.object({
  code: z.string().min(1).max(256),
  encrypt_data: z.string().max(65_536).optional(),
  iv: z.string().max(64).optional(),
  app_id: appKey,
});

export const minaAuthBody = z.object({
  uuid: z.string().max(64),
  skey: z.string().max(64),
  app_id: appKey,
});

function appOf(apps: Pick<Config, 'apps'>, legacyId: number): AppConfig {
  const app = [...apps.apps.values()].find((a) => a.legacyId === legacyId);
  if (!app) throw new UnknownAppError();
  return app;
}

export async function minaLogin(
  deps: LoginDeps & { clock: Clock },
  sourceIp: string,
  body: z.output<typeof minaLoginBody>,
): Promise<Reply> {
  const app = appOf(deps.apps, body.app_id);
  const declined = !body.encrypt_data || !body.iv;
  const result = await login(
    deps,
    sourceIp,
    {
      code: body.code,
      appId: app.appId,
      ...(declined ? {} : { encryptedData: body.encrypt_data, iv: body.iv }),
    },
    'wxapp',
  );
  const duration = Math.max(0, Math.floor((Date.parse(result.expiresAt) - deps.clock.now()) / 1000));
  return {
    raw: true,
    data: { ok: 'success', data: { uuid: result.uuid, skey: result.skey, user_info: result.user, duration } },
  };
}

export async function minaAuth(
  deps: { sessions: SessionService; apps: Pick<Config, 'apps'> },
  body: z.output<typeof minaAuthBody>,
): Promise<Reply> {
  const app = appOf(deps.apps, body.app_id);
  const credentials = readCredentials({ headers: {}, query: {}, body: { uuid: body.uuid, skey: body.skey } });
  const session = await deps.sessions.authenticate(credentials as { uuid: string; skey: string });
  if (session.appId !== app.appId)
    throw new InvalidSessionError('this session belongs to another mini program');
  return { raw: true, data: { ok: 'success', data: { user_info: session.user satisfies UserView } } };
}

export const wxappFailure = (err: HttpError): Reply => ({
  status: err.status,
  raw: true,
  data: { ok: 'fail', error: err.code, msg: err.message },
});
