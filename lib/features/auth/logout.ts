// POST /logout: the session stops working at once, and every open game socket of it hears so and
// closes, on whichever instance it is.
import type { ServerFrame } from '../../../contract/game.js';
import { describeError, log } from '../../platform/log.js';
import type { AuthContext, SessionService } from './sessions.js';

export interface LogoutDeps {
  sessions: SessionService;
  /** Tells the game's instances that the session ended. */
  endGameSockets(sessionUuid: string, frame: ServerFrame): Promise<void>;
  /** A weapp-session code stops naming the session, and cannot open a new one by itself. */
  forgetCode(session: AuthContext): Promise<void>;
}

const LOGGED_OUT: ServerFrame = { type: 'error', error: 'ERR_INVALID_SESSION', message: 'logged out' };

export async function logout(deps: LogoutDeps, session: AuthContext): Promise<void> {
  await deps.sessions.close(session.uuid);
  await deps.forgetCode(session);
  // The session is already gone; sockets that miss this still fail their next upgrade.
  await deps
    .endGameSockets(session.uuid, LOGGED_OUT)
    .catch((err) => log('warn', 'logout: game not told', describeError(err)));
}
