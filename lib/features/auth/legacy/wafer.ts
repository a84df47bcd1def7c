// The doors the old SDKs log in at, on the same login use case (same users, sessions, rate limits):
//   GET|POST /wafer/login   wafer-client-sdk: headers X-WX-Code, X-WX-Encrypted-Data, X-WX-IV ->
//                           {<magic>: 1, session: {id, skey}}; a failure {<magic>: 1, error, message}
//   GET /weapp/login        wafer2-client-sdk (and its loginWithCode, code only) ->
//                           {code: 0, data: {skey, userinfo}}; a failure {code: -1, error, message}
//   GET /weapp/user         wafer2: {code: 0, data: userinfo} for the X-WX-Skey session
import type { UserView } from '../../../../contract/wire.js';
import type { HttpError } from '../../../platform/errors.js';
import type { HttpRequest } from '../../../platform/http/event.js';
import type { Reply } from '../../../platform/http/route.js';
import { wafer2Skey, waferId } from '../credentials.js';
import { WAFER_MAGIC } from '../legacy-forms.js';
import { type LoginDeps, login } from '../login.js';
import { readLoginInput } from '../login-input.js';

export async function waferLogin(deps: LoginDeps, request: HttpRequest): Promise<Reply> {
  const { uuid, skey } = await login(deps, request.sourceIp, readLoginInput(request, undefined), 'wafer');
  return { raw: true, data: { [WAFER_MAGIC]: 1, session: { id: waferId(uuid), skey } } };
}

export const waferFailure = (err: HttpError): Reply => ({
  status: err.status,
  raw: true,
  data: { [WAFER_MAGIC]: 1, error: 'ERR_LOGIN_FAILED', reason: err.code, message: err.message },
});

export async function wafer2Login(deps: LoginDeps, request: HttpRequest): Promise<Reply> {
  const input = readLoginInput(request, undefined);
  const { uuid, skey, user } = await login(deps, request.sourceIp, input, 'wafer2');
  return { raw: true, data: { code: 0, data: { skey: wafer2Skey(uuid, skey), userinfo: user } } };
}

export const wafer2User = (user: UserView): Reply => ({ raw: true, data: { code: 0, data: user } });

export const wafer2Failure = (err: HttpError): Reply => ({
  status: err.status,
  raw: true,
  data: { code: -1, error: err.code, message: err.message },
});
