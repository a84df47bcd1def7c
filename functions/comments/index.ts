// comments: the trailer catalogue and its comments. Anyone may read; logged-in users post
// (moderated by WeChat) and delete their own.
import {
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
} from '@weapp-scf/layer';

export const { main_handler, routes } = createFunction('comments', [
  route({
    method: 'GET',
    path: '/videos',
    auth: 'none',
    query: listQuery,
    run: async ({ runtime, query }) => ({ data: await listVideos(runtime, query) }),
  }),
  route({
    method: 'GET',
    path: '/videos/{vid}/comments',
    auth: 'optional',
    params: videoParams,
    query: listQuery,
    run: async ({ runtime, params, session, query }) => ({
      data: await listComments(runtime, params.vid, session, query),
    }),
  }),
  route({
    method: 'POST',
    path: '/videos/{vid}/comments',
    auth: 'session',
    params: videoParams,
    body: commentBody,
    run: async ({ runtime, params, session, body }) => ({
      status: 201,
      data: await postComment(runtime, params.vid, session, body.content),
    }),
  }),
  route({
    method: 'DELETE',
    path: '/videos/{vid}/comments/{id}',
    auth: 'session',
    params: commentParams,
    run: async ({ runtime, params, session }) => {
      await deleteComment(runtime, params.vid, params.id, session);
      return { data: { deleted: true } };
    },
  }),
]);
