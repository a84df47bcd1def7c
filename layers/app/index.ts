// @weapp-scf/layer: the shared auth layer, deployed once as an SCF layer (mounted at /opt) and
// required by every function. Functions import only from here, so none carries its own copy.
import { readCredentials } from '../../lib/features/auth/credentials.js';
import type { AuthContext } from '../../lib/features/auth/sessions.js';
import type { HttpRequest } from '../../lib/platform/http/event.js';
import { getRuntime } from '../../lib/app/runtime.js';

export { z } from 'zod';
export {
  deleteImage,
  listImages,
  nameParams,
  signUpload,
  temporaryCredentials,
  uploadBody,
} from '../../lib/features/album/album.js';
export { login } from '../../lib/features/auth/login.js';
export { loginBody, readLoginInput } from '../../lib/features/auth/login-input.js';
export { profileBody, updateProfile } from '../../lib/features/auth/profile.js';
export type { AuthContext } from '../../lib/features/auth/sessions.js';
export type { UserView } from '../../lib/features/auth/user-view.js';
export {
  commentBody,
  commentParams,
  deleteComment,
  listComments,
  listVideos,
  postComment,
  videoParams,
} from '../../lib/features/comments/comments.js';
export { ConfigError, loadConfig } from '../../lib/platform/config/index.js';
export {
  DRAWING_BODY_LIMIT,
  deleteDrawing,
  getDrawing,
  idParams,
  listDrawings,
  saveBody,
  saveDrawing,
} from '../../lib/features/drawings/drawings.js';
export { attachGame } from '../../lib/features/game/attach.js';
export * from '../../lib/platform/errors.js';
export type { HttpRequest, ScfContext, ScfHttpResult } from '../../lib/platform/http/event.js';
export {
  createFunction,
  type Reply,
  type Route,
  type RouteContext,
  route,
  type ScfFunction,
} from '../../lib/platform/http/handler.js';
export { log, setLogSink } from '../../lib/platform/log.js';
export { listQuery } from '../../lib/platform/http/pagination.js';
export { getRuntime, type Runtime, resetRuntime, setClock } from '../../lib/app/runtime.js';

/** Authenticates a request in-process (no HTTP hop): ERR_INVALID_SESSION / ERR_SESSION_EXPIRED otherwise. */
export async function requireSession(request: HttpRequest, body?: unknown): Promise<AuthContext> {
  return getRuntime().sessions.authenticate(readCredentials(request, body));
}
