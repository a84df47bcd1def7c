// The session service: opens a session after login, authenticates a request in one store round
// trip, ends a session, and keeps the user snapshot in sessions current.
import type { UserView } from '../../../contract/wire.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { InvalidSessionError, SessionExpiredError } from '../../platform/errors.js';
import { expiresAt, isLive, type SessionDoor, type SessionStore } from '../../stores/session/store.js';
import { userTag } from '../../stores/session/tag.js';
import { hashSkey, newSessionCredentials, skeyHashMatches } from './tokens.js';

export interface AuthContext {
  uuid: string;
  /** For a weapp-session client: the hash of the code it authenticates with (revoked at logout). */
  codeHash?: string;
  appId: string;
  openId: string;
  user: UserView;
  expiresAt: Date;
  /** The session's WeChat session_key, for decrypting the old encryptedData forms. A function, so
   * that no serialisation of a session (a log line, a response) can carry it. */
  sessionKey?: () => string;
}

export interface OpenedSession {
  uuid: string;
  skey: string;
  expiresAt: Date;
}

export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly maxPerUser: number,
  ) {}

  async open(
    app: AppConfig,
    openId: string,
    sessionKey: string,
    user: UserView,
    door: SessionDoor = 'login',
  ): Promise<OpenedSession> {
    const { uuid, skey } = newSessionCredentials(userTag(app.appId, openId));
    const now = this.clock.now();
    const record = {
      uuid,
      skeyHash: hashSkey(skey),
      appId: app.appId,
      openId,
      sessionKey,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: now + app.loginDurationMs,
      slidingMs: app.sessionDurationMs,
      user,
      door,
    };
    await this.store.create(record, { maxPerUser: this.maxPerUser });
    return { uuid, skey, expiresAt: new Date(expiresAt(record)) };
  }

  async authenticate({ uuid, skey }: { uuid: string; skey: string }): Promise<AuthContext> {
    return this.authenticateHash(uuid, hashSkey(skey));
  }

  /** For a credential that stands for the skey (a weapp-session code bound to this session). */
  async authenticateHash(uuid: string, candidate: string): Promise<AuthContext> {
    const now = this.clock.now();
    const record = await this.store.touch(uuid, candidate, now);
    if (!record || !skeyHashMatches(record.skeyHash, candidate)) throw new InvalidSessionError();
    if (!isLive(record, now)) throw new SessionExpiredError();
    return {
      uuid,
      appId: record.appId,
      openId: record.openId,
      user: record.user,
      expiresAt: new Date(expiresAt(record)),
      sessionKey: () => record.sessionKey,
    };
  }

  async close(uuid: string): Promise<void> {
    await this.store.delete(uuid);
  }

  async refreshUser(appId: string, openId: string, user: UserView): Promise<void> {
    await this.store.updateUser(appId, openId, user);
  }
}
