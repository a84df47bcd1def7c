// The composition root: builds every concern from config, hands each use case the narrow
// dependencies it declares, and owns every connection's lifetime. One App per container.

import type { AccountDeps } from '../features/account/deps.js';
import type { AdminDeps } from '../features/admin/admin.js';
import type { ImageDeskDeps } from '../features/admin/images.js';
import type { CatalogueDeps } from '../features/admin/videos.js';
import type { AlbumDeps } from '../features/album/deps.js';
import { isOwnAlbumKey } from '../features/album/owner.js';
import { authenticate, revokeCode } from '../features/auth/authenticate.js';
import type { LoginDeps } from '../features/auth/login.js';
import type { LogoutDeps } from '../features/auth/logout.js';
import type { ProfileDeps } from '../features/auth/profile.js';
import { type AuthContext, SessionService } from '../features/auth/sessions.js';
import type { CommentDeps } from '../features/comments/comments.js';
import { sampleCatalogue } from '../features/comments/sample-catalogue.js';
import type { DrawingDeps } from '../features/drawings/drawings.js';
import { GAME_LIMITS } from '../features/game/limits.js';
import type { GameOptions } from '../features/game/server.js';
import { type AvatarDeps, shownAvatars } from '../features/moderation/avatars.js';
import type { ModerationDeps } from '../features/moderation/images.js';
import { PUSH_REFUSALS_PER_MINUTE, type PushDeps } from '../features/moderation/push.js';
import { PHONE_BINDS_PER_MINUTE, type PhoneDeps } from '../features/phone/phone.js';
import { SettableClock } from '../platform/clock.js';
import type { Config } from '../platform/config/index.js';
import type { CredentialSource } from '../platform/http/route.js';
import type { VideoStore } from '../stores/video/store.js';
import { accountDeps } from './account.js';
import { openConnections } from './connections.js';
import { buildIntegrations, type EmbeddedParts } from './integrations.js';
import { Lifetime } from './lifetime.js';
import { phoneKeyOf } from './phone-key.js';
import { buildStores } from './stores.js';

export type { EmbeddedParts };

const MAX_SESSIONS_PER_USER = 10;
const GAME_HEARTBEAT_MS = 1000;

export interface App {
  config: Config;
  /** The one clock; tests move time with `clock.set(...)`. */
  clock: SettableClock;
  sessions: SessionService;
  /** The one way to authenticate a request (routes, the game's upgrade, the layer's check). */
  authenticate(source: CredentialSource): Promise<AuthContext>;
  login: LoginDeps;
  logout: LogoutDeps;
  profile: ProfileDeps;
  album: AlbumDeps;
  drawings: DrawingDeps;
  phone: PhoneDeps;
  comments: CommentDeps;
  admin: AdminDeps & CatalogueDeps & ImageDeskDeps;
  /** Album images' moderation: the COS trigger's arrivals and WeChat's verdicts. */
  moderation: ModerationDeps;
  /** WeChat's message push (/wx/push). */
  push: PushDeps;
  /** A user's own account: their export and deletion (/me), and WeChat's authorization events. */
  account: AccountDeps;
  videos: VideoStore;
  game: Omit<GameOptions, 'authenticate'>;
  /** Closes every connection the app opened. */
  close(): Promise<void>;
}

export function createApp(config: Config, embedded?: EmbeddedParts): App {
  const clock = new SettableClock();
  const lifetime = new Lifetime();
  const connections = openConnections(config, lifetime);
  const stores = buildStores(connections, clock, lifetime, config.onScf);
  const outside = buildIntegrations(config, stores.tokens, clock, embedded);
  if (!connections.mongo && !config.onScf) void stores.videos.seed(sampleCatalogue());
  const sessions = new SessionService(stores.sessions, clock, MAX_SESSIONS_PER_USER);
  const { users } = stores;
  const loginDeps: LoginDeps = {
    apps: config,
    loginLimiter: stores.limiter('login', config.loginRateLimitPerMinute),
    wechat: outside.wechat,
    users,
    sessions,
    clock,
  };
  const authDeps = { sessions, codes: stores.codes, login: loginDeps };
  const { images } = stores;
  const phoneKey = phoneKeyOf(config);
  const account = accountDeps(stores, outside, sessions, phoneKey, config, clock);
  const avatars: AvatarDeps = { images, objects: outside.objects, clock };
  const moderation: ModerationDeps = {
    images,
    owners: stores.owners,
    objects: outside.objects,
    media: outside.media,
    receivesVerdicts: config.push !== undefined,
    users,
    refreshUser: (appId, openId, user) => sessions.refreshUser(appId, openId, user),
    apps: config,
    clock,
  };
  return {
    config,
    clock,
    sessions,
    authenticate: (source) => authenticate(authDeps, source),
    login: loginDeps,
    logout: {
      sessions,
      endGameSockets: (uuid, frame) => stores.game.endSession(uuid, frame),
      forgetCode: (session) => revokeCode(authDeps, session),
    },
    profile: {
      users,
      contentCheck: outside.contentCheck,
      apps: config,
      sessions,
      clock,
      isOwnImage: (key, session) => isOwnAlbumKey(key, session.appId, session.openId),
    },
    album: {
      objects: outside.objects,
      images,
      owners: stores.owners,
      uploadLimiter: stores.limiter('album-upload', 60),
      clock,
      maxBytes: config.albumMaxBytes,
      sts: outside.sts,
    },
    drawings: { drawings: stores.drawings, clock },
    phone: {
      users,
      numbers: outside.phones,
      bindLimiter: stores.limiter('phone-bind', PHONE_BINDS_PER_MINUTE),
      key: phoneKey,
      apps: config,
      clock,
    },
    comments: {
      videos: stores.videos,
      comments: stores.comments,
      users,
      commentLimiter: stores.limiter('comment', 10),
      contentCheck: outside.contentCheck,
      avatars,
      apps: config,
      clock,
    },
    admin: {
      comments: stores.comments,
      videos: stores.videos,
      audit: stores.audit,
      moderation,
      apps: config,
      clock,
    },
    moderation,
    push: {
      push: config.push,
      apps: config,
      moderation,
      refusals: stores.limiter('push-refusal', PUSH_REFUSALS_PER_MINUTE),
      nonces: stores.nonces,
      account,
    },
    account,
    videos: stores.videos,
    game: {
      store: () => stores.game,
      timing: () => config.game,
      clock,
      heartbeatMs: GAME_HEARTBEAT_MS,
      joinLimiter: stores.limiter('game-join', GAME_LIMITS.joinsPerMinute),
      upgradeLimiter: stores.limiter('game-upgrade', GAME_LIMITS.upgradesPerSessionPerMinute),
      checkName: async (session, name) => {
        const app = config.apps.get(session.appId);
        return (
          app !== undefined &&
          (await outside.contentCheck.check(app, session.openId, name, 'profile')) === 'pass'
        );
      },
      shownAvatar: async (session) => {
        const ref = { appId: session.appId, avatarUrl: session.user.avatarUrl ?? '', own: false };
        return (await shownAvatars(avatars, [ref]))[0]!;
      },
    },
    close: () => lifetime.close(),
  };
}
