// @weapp-scf/layer: the shared auth layer, deployed once as an SCF layer (mounted at /opt) and
// required by every function. Functions import only from here, so none carries its own copy.
import { readCredentials } from '../../lib/auth/credentials.js';
import type { AuthContext } from '../../lib/auth/sessions.js';
import type { HttpRequest } from '../../lib/http/event.js';
import { getRuntime } from '../../lib/runtime.js';

export { z } from 'zod';
export {
  deleteImage,
  listImages,
  nameParams,
  signUpload,
  temporaryCredentials,
  uploadBody,
} from '../../lib/album/album.js';
export { login } from '../../lib/auth/login.js';
export { loginBody, readLoginInput } from '../../lib/auth/login-input.js';
export { profileBody, updateProfile } from '../../lib/auth/profile.js';
export type { AuthContext } from '../../lib/auth/sessions.js';
export type { UserView } from '../../lib/auth/user-view.js';
export {
  commentBody,
  commentParams,
  deleteComment,
  listComments,
  listVideos,
  postComment,
  videoParams,
} from '../../lib/comments/comments.js';
export { ConfigError, loadConfig } from '../../lib/config.js';
export {
  DRAWING_BODY_LIMIT,
  deleteDrawing,
  getDrawing,
  idParams,
  listDrawings,
  saveBody,
  saveDrawing,
} from '../../lib/drawings/drawings.js';
export { attachGame } from '../../lib/game/attach.js';
export * from '../../lib/http/errors.js';
export type { HttpRequest, ScfContext, ScfHttpResult } from '../../lib/http/event.js';
export {
  createFunction,
  type Reply,
  type Route,
  type RouteContext,
  route,
  type ScfFunction,
} from '../../lib/http/handler.js';
export { log, setLogSink } from '../../lib/http/log.js';
export { listQuery } from '../../lib/http/pagination.js';
export { getRuntime, type Runtime, resetRuntime, setClock } from '../../lib/runtime.js';

/** Authenticates a request in-process (no HTTP hop): ERR_INVALID_SESSION / ERR_SESSION_EXPIRED otherwise. */
export async function requireSession(request: HttpRequest, body?: unknown): Promise<AuthContext> {
  return getRuntime().sessions.authenticate(readCredentials(request, body));
}
