// draw-save: a user's canvas drawings. Save (idempotent per client id), list newest first,
// open with its actions, delete.
import {
  createFunction,
  DRAWING_BODY_LIMIT,
  deleteDrawing,
  getDrawing,
  idParams,
  listDrawings,
  listQuery,
  route,
  saveBody,
  saveDrawing,
} from '@weapp-scf/layer';

export const { main_handler, routes } = createFunction('draw-save', [
  route({
    method: 'POST',
    path: '/drawings',
    auth: 'session',
    bodyLimit: DRAWING_BODY_LIMIT,
    body: saveBody,
    run: ({ runtime, session, body }) => saveDrawing(runtime, session, body),
  }),
  route({
    method: 'GET',
    path: '/drawings',
    auth: 'session',
    query: listQuery,
    run: async ({ runtime, session, query }) => ({ data: await listDrawings(runtime, session, query) }),
  }),
  route({
    method: 'GET',
    path: '/drawings/{id}',
    auth: 'session',
    params: idParams,
    run: async ({ runtime, session, params }) => ({ data: await getDrawing(runtime, session, params.id) }),
  }),
  route({
    method: 'DELETE',
    path: '/drawings/{id}',
    auth: 'session',
    params: idParams,
    run: async ({ runtime, session, params }) => {
      await deleteDrawing(runtime, session, params.id);
      return { data: { deleted: true } };
    },
  }),
]);
