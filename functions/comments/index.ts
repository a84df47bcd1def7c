// comments: the trailer catalogue and its comments. Anyone may read; logged-in users post
// (moderated by WeChat) and delete their own. Moderators act on any comment, album image and video
// under /admin (404 for everyone else; the use cases check their input after that).
import {
  type App,
  type AuthContext,
  addVideo,
  commentBody,
  commentParams,
  createFunction,
  decideImage,
  deleteComment,
  editVideo,
  listAudit,
  listComments,
  listCommentsFor,
  listImagesFor,
  listQuery,
  listVideos,
  moderationDesk,
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

interface DeskCall {
  app: App;
  session: AuthContext | undefined;
  query: Readonly<Record<string, string>>;
  params: Readonly<Record<string, unknown>>;
  body: unknown;
}

/** Moderation-desk routes: to anyone but a moderator they do not exist (`moderationDesk`: the
 * same 404 as an unknown path, before method, body or session are looked at); the use cases check
 * again that the caller moderates before they read the input. */
const desk = (
  methods: ReadonlyArray<'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'>,
  path: string,
  run: (call: DeskCall) => Promise<unknown>,
  status = 200,
) =>
  methods.map((method) =>
    route({
      method,
      path,
      auth: 'optional',
      run: async ({ app, session, request, params, body }) => ({
        status,
        data: await run({ app, session, query: request.query, params: params as DeskCall['params'], body }),
      }),
    }),
  );

export const { main_handler, routes } = createFunction(
  'comments',
  [
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
    ...desk(['GET'], '/admin/comments', ({ app, session, query }) =>
      listCommentsFor(app.admin, session, query),
    ),
    // PATCH as named; PUT too, since wx.request cannot send PATCH.
    ...desk(['PATCH', 'PUT'], '/admin/comments/{id}', ({ app, session, params, body }) =>
      setCommentStatus(app.admin, session, params.id, body),
    ),
    ...desk(['DELETE'], '/admin/comments/{id}', ({ app, session, params }) =>
      removeComment(app.admin, session, params.id),
    ),
    ...desk(['GET'], '/admin/audit', ({ app, session, query }) => listAudit(app.admin, session, query)),
    ...desk(['POST'], '/admin/videos', ({ app, session, body }) => addVideo(app.admin, session, body), 201),
    ...desk(['PATCH', 'PUT'], '/admin/videos/{vid}', ({ app, session, params, body }) =>
      editVideo(app.admin, session, params.vid, body),
    ),
    ...desk(['DELETE'], '/admin/videos/{vid}', ({ app, session, params }) =>
      removeVideo(app.admin, session, params.vid),
    ),
    ...desk(['GET'], '/admin/images', ({ app, session, query }) => listImagesFor(app.admin, session, query)),
    ...desk(['PATCH', 'PUT'], '/admin/images/{name}', ({ app, session, params, body }) =>
      decideImage(app.admin, session, params.name, body),
    ),
  ],
  { hidden: moderationDesk },
);
