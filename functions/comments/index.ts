// comments: the trailer catalogue and its comments. Anyone may read; logged-in users post
// (moderated by WeChat) and delete their own.
import {
  type App,
  commentBody,
  commentParams,
  createFunction,
  deleteComment,
  listComments,
  listQuery,
  listVideos,
  postComment,
  route,
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
]);
