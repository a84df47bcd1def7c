// The one way a request authenticates (the route option, the game's upgrade, the layer's check):
// whichever credential form it carries, against the same sessions, and a failure in that form's
// own shape. A weapp-session code opens a session on first use (through the login use case, so the
// same users and rate limits apply) and is bound to it by its hash.
import { createHash } from 'node:crypto';
import {
  HttpError,
  InvalidCodeError,
  InvalidSessionError,
  SessionExpiredError,
  SessionKeyExchangeFailedError,
  withBody,
} from '../../platform/errors.js';
import type { CredentialSource } from '../../platform/http/route.js';
import type { CodeSessionStore } from '../../stores/code-session/store.js';
import { EXPIRED_RETENTION_MS } from '../../stores/session/store.js';
import { protocolOf, readCredentials } from './credentials.js';
import { sessionFailure, WAFER_MAGIC } from './legacy-forms.js';
import { type LoginDeps, login } from './login.js';
import type { AuthContext, SessionService } from './sessions.js';
import { hashSkey } from './tokens.js';

export interface AuthenticateDeps {
  sessions: SessionService;
  codes: CodeSessionStore;
  login: LoginDeps;
}

export async function authenticate(deps: AuthenticateDeps, source: CredentialSource): Promise<AuthContext> {
  const protocol = protocolOf(source);
  try {
    const credentials = readCredentials(source);
    if (credentials.kind === 'session') return await deps.sessions.authenticate(credentials);
    return await byCode(deps, credentials.code, credentials.rawData, credentials.signature, source);
  } catch (err) {
    throw err instanceof HttpError ? sessionFailure(protocol, err) : err;
  }
}

const codeHashOf = (appId: string, code: string) =>
  createHash('sha256').update(`weapp-scf/code\u0000${appId}\u0000${code}`).digest('hex');

async function byCode(
  deps: AuthenticateDeps,
  code: string,
  rawData: string | undefined,
  signature: string | undefined,
  source: CredentialSource,
): Promise<AuthContext> {
  const app = deps.login.apps.apps.get(deps.login.apps.defaultAppId)!;
  const codeHash = codeHashOf(app.appId, code);
  const bound = await deps.codes.get(codeHash);
  if (bound === 'revoked') throw new SessionExpiredError();
  if (bound) {
    try {
      return { ...(await deps.sessions.authenticateHash(bound.uuid, bound.skeyHash)), codeHash };
    } catch (err) {
      if (err instanceof SessionExpiredError) throw err;
      // The session is gone (the cap, or its retention ran out): the code may open a new one.
    }
  }
  let opened: Awaited<ReturnType<typeof login>>;
  try {
    opened = await login(
      deps.login,
      source.sourceIp,
      { code, rawData, signature: rawData ? signature : undefined },
      'weapp-session',
    );
  } catch (err) {
    if (err instanceof InvalidCodeError || err instanceof SessionKeyExchangeFailedError) {
      // The code cannot be exchanged (used, expired): the client must call wx.login again.
      throw withBody(new InvalidSessionError('the code could not be exchanged; call wx.login again'), {
        [WAFER_MAGIC]: 1,
        reason: 'ERR_SESSION_KEY_EXCHANGE_FAILED',
      });
    }
    if (err instanceof HttpError) throw withBody(err, { [WAFER_MAGIC]: 1, reason: err.code });
    throw err;
  }
  await deps.codes.bind(
    codeHash,
    { uuid: opened.uuid, skeyHash: hashSkey(opened.skey) },
    app.loginDurationMs + EXPIRED_RETENTION_MS,
    { appId: app.appId, openId: opened.user.openId },
  );
  return { ...(await deps.sessions.authenticate(opened)), codeHash };
}

/** After logout, the code names no session and cannot open one by itself. */
export async function revokeCode(
  deps: Pick<AuthenticateDeps, 'codes' | 'login'>,
  session: AuthContext,
): Promise<void> {
  if (!session.codeHash) return;
  const app = deps.login.apps.apps.get(session.appId);
  await deps.codes.revoke(session.codeHash, (app?.loginDurationMs ?? 0) + EXPIRED_RETENTION_MS);
}
