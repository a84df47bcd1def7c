// @weapp-scf/layer: the application, deployed once as an SCF layer (mounted at /opt) and required
// by every function. Functions import only from here, so none carries its own copy. It binds the
// handler chain to the container's app; it exports no test hooks.
import type { Server } from 'node:http';
import type { App } from '../../lib/app/app.js';
import { getApp, useFunction } from '../../lib/app/container.js';
import type { DeployedFunction } from '../../lib/app/functions.js';
import { isModerator } from '../../lib/features/admin/admin.js';
import type { AuthContext } from '../../lib/features/auth/sessions.js';
import { attachGame as attachGameTo } from '../../lib/features/game/attach.js';
import {
  type CosFunction,
  createCosFunction as createScfCosFunction,
} from '../../lib/platform/http/cos-trigger.js';
import type { HttpRequest } from '../../lib/platform/http/event.js';
import {
  createFunction as createScfFunction,
  type HiddenRoutes,
  type ScfFunction,
} from '../../lib/platform/http/handler.js';
import { type Route, routesFor } from '../../lib/platform/http/route.js';

export { z } from 'zod';
export type { App } from '../../lib/app/app.js';
export { deleteMeBody, deleteOwnAccount } from '../../lib/features/account/delete.js';
export { exportAccount } from '../../lib/features/account/export.js';
export { listCommentsFor, removeComment, setCommentStatus } from '../../lib/features/admin/admin.js';
export { listAudit } from '../../lib/features/admin/audit.js';
export { decideImage, listImagesFor } from '../../lib/features/admin/images.js';
export { addVideo, editVideo, removeVideo } from '../../lib/features/admin/videos.js';
export { temporaryCredentials } from '../../lib/features/album/credentials.js';
export { deleteImage, listImages, nameParams } from '../../lib/features/album/images.js';
export { signUpload, uploadBody } from '../../lib/features/album/uploads.js';
export { minaAuthApi, minaAuthCall, minaAuthFailure } from '../../lib/features/auth/legacy/mina-auth.js';
export {
  wafer2Failure,
  wafer2Login,
  wafer2User,
  waferFailure,
  waferLogin,
} from '../../lib/features/auth/legacy/wafer.js';
export {
  minaAuth,
  minaAuthBody,
  minaLogin,
  minaLoginBody,
  wxappFailure,
} from '../../lib/features/auth/legacy/wxapp.js';
export { login, warmLogin } from '../../lib/features/auth/login.js';
export { loginBody, readLoginInput } from '../../lib/features/auth/login-input.js';
export { logout } from '../../lib/features/auth/logout.js';
export { profileBody, updateProfile } from '../../lib/features/auth/profile.js';
export type { AuthContext } from '../../lib/features/auth/sessions.js';
export {
  commentBody,
  commentParams,
  deleteComment,
  listComments,
  postComment,
  videoParams,
  warmComments,
} from '../../lib/features/comments/comments.js';
export { listVideos } from '../../lib/features/comments/videos.js';
export {
  DRAWING_BODY_LIMIT,
  deleteDrawing,
  getDrawing,
  idParams,
  listDrawings,
  saveBody,
  saveDrawing,
  warmDrawings,
} from '../../lib/features/drawings/drawings.js';
export { imageArrived } from '../../lib/features/moderation/images.js';
export { answerHandshake, receivePush } from '../../lib/features/moderation/push.js';
export { bindPhone, phoneBody, readPhone, removePhone, warmPhone } from '../../lib/features/phone/phone.js';
export { ConfigError, loadConfig } from '../../lib/platform/config/index.js';
export * from '../../lib/platform/errors.js';
export type { CosFunction } from '../../lib/platform/http/cos-trigger.js';
export type { HttpRequest, ScfContext, ScfHttpResult } from '../../lib/platform/http/event.js';
export type { ScfFunction } from '../../lib/platform/http/handler.js';
export { listQuery } from '../../lib/platform/http/pagination.js';
export type { Reply } from '../../lib/platform/http/route.js';
export { log } from '../../lib/platform/log.js';

/** Declares a route of this application (its session is an AuthContext, its `app` the container's). */
export const route = routesFor<App, AuthContext>();

/** A function's SCF handler over its route table, bound to the container's app. */
export function createFunction(
  name: DeployedFunction,
  routes: readonly Route<App, AuthContext>[],
  options: { hidden?: HiddenRoutes<App, AuthContext> } = {},
): ScfFunction {
  useFunction(name);
  return createScfFunction(name, routes, {
    app: getApp,
    authenticate: (source, app) => app.authenticate(source),
    hidden: options.hidden,
  });
}

/** The moderation desk (/admin/...): to anyone but a moderator, paths that do not exist. */
export const moderationDesk: HiddenRoutes<App, AuthContext> = {
  prefix: '/admin/',
  reveal: (app, session) => isModerator(app.admin, session),
};

/** A function for the COS trigger: `handle` runs for each created object, with the container's app. */
export function createCosFunction(
  name: DeployedFunction,
  handle: (app: App, key: string) => Promise<string>,
): CosFunction {
  useFunction(name);
  return createScfCosFunction(name, getApp, handle);
}

/** Authenticates a request in process (no HTTP hop): ERR_INVALID_SESSION / ERR_SESSION_EXPIRED otherwise.
 * The session's WeChat session_key stays inside the layer. */
export async function requireSession(request: HttpRequest, body?: unknown): Promise<AuthContext> {
  const { sessionKey: _sessionKey, ...session } = await getApp().authenticate({
    headers: request.headers,
    query: request.query,
    body,
    sourceIp: request.sourceIp,
  });
  return session;
}

/** Puts the game on a Node HTTP server (the game web function, the dev server). Every part is read
 * from the container's app at each use, so an app rebuilt from a new environment is followed. */
export function attachGame(server: Server, accepts: (path: string) => boolean): { close(): Promise<void> } {
  useFunction('game');
  return attachGameTo(server, accepts, {
    store: () => getApp().game.store(),
    timing: () => getApp().game.timing(),
    clock: { now: () => getApp().clock.now() },
    heartbeatMs: getApp().game.heartbeatMs,
    joinLimiter: { consume: (key) => getApp().game.joinLimiter.consume(key) },
    upgradeLimiter: { consume: (key) => getApp().game.upgradeLimiter.consume(key) },
    checkName: (auth, name) => getApp().game.checkName(auth, name),
    shownAvatar: (auth) => getApp().game.shownAvatar(auth),
    authenticate: (source) => getApp().authenticate(source),
  });
}
