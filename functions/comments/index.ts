// comments: the trailer catalogue and its comments. Anyone may read; logged-in users post
// (moderated by WeChat) and delete their own. Moderators act on any comment under /admin (404 for
// everyone else; the use cases check their input after that).
import {
  type App,
  addVideo,
  commentBody,
  commentParams,
  createFunction,
  deleteComment,
  editVideo,
  listAudit,
  listComments,
  listCommentsFor,
  listQuery,
  listVideos,
  postComment,
  removeComment,
  removeVideo,
  route,
  setCommentStatus,
  videoParams,
  warmComments,
} from '@weapp-scf/layer';

/** MongoDB (driver, connection, indexes) made ready while the session is checked. */
const warm = (app: App) => warmComments(app.comments);

export const { main_handler, routes } = createFunction('comments', [
  route({
    method: 'GET',
    path: '/videos',
    auth: 'none',
    warm,
    query: listQuery,
    run: async ({ app, query }) => ({ data: await listVideos(app.comments, query) }),
  }),
  route({
    method: 'GET',
    path: '/videos/{vid}/comments',
    auth: 'optional',
    warm,
    params: videoParams,
    query: listQuery,
    run: async ({ app, params, session, query }) => ({
      data: await listComments(app.comments, params.vid, session, query),
    }),
  }),
  route({
    method: 'POST',
    path: '/videos/{vid}/comments',
    auth: 'session',
    warm,
    params: videoParams,
    body: commentBody,
    run: async ({ app, params, session, body }) => ({
      status: 201,
      data: await postComment(app.comments, params.vid, session, body.content),
    }),
  }),
  route({
    method: 'DELETE',
    path: '/videos/{vid}/comments/{id}',
    auth: 'session',
    warm,
    params: commentParams,
    run: async ({ app, params, session }) => {
      await deleteComment(app.comments, params.vid, params.id, session);
      return { data: { deleted: true } };
    },
  }),
  route({
    method: 'GET',
    path: '/admin/comments',
    auth: 'optional',
    run: async ({ app, session, request }) => ({
      data: await listCommentsFor(app.admin, session, request.query),
    }),
  }),
  // PATCH as named; PUT too, since wx.request cannot send PATCH.
  ...(['PATCH', 'PUT'] as const).map((method) =>
    route({
      method,
      path: '/admin/comments/{id}',
      auth: 'optional',
      run: async ({ app, session, params, body }) => ({
        data: await setCommentStatus(app.admin, session, (params as { id?: unknown }).id, body),
      }),
    }),
  ),
  route({
    method: 'DELETE',
    path: '/admin/comments/{id}',
    auth: 'optional',
    run: async ({ app, session, params }) => ({
      data: await removeComment(app.admin, session, (params as { id?: unknown }).id),
    }),
  }),
  route({
    method: 'GET',
    path: '/admin/audit',
    auth: 'optional',
    run: async ({ app, session, request }) => ({ data: await listAudit(app.admin, session, request.query) }),
  }),
  route({
    method: 'POST',
    path: '/admin/videos',
    auth: 'optional',
    run: async ({ app, session, body }) => ({ status: 201, data: await addVideo(app.admin, session, body) }),
  }),
  ...(['PATCH', 'PUT'] as const).map((method) =>
    route({
      method,
      path: '/admin/videos/{vid}',
      auth: 'optional',
      run: async ({ app, session, params, body }) => ({
        data: await editVideo(app.admin, session, (params as { vid?: unknown }).vid, body),
      }),
    }),
  ),
  route({
    method: 'DELETE',
    path: '/admin/videos/{vid}',
    auth: 'optional',
    run: async ({ app, session, params }) => ({
      data: await removeVideo(app.admin, session, (params as { vid?: unknown }).vid),
    }),
  }),
]);
