// draw-save: a user's canvas drawings. Save (idempotent per client id), list newest first,
// open with its actions, delete.
import {
  type App,
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
  warmDrawings,
} from '@weapp-scf/layer';

/** MongoDB (driver, connection, indexes) made ready while the session is checked. */
const warm = (app: App) => warmDrawings(app.drawings);

export const { main_handler, routes } = createFunction('draw-save', [
  route({
    method: 'POST',
    path: '/drawings',
    auth: 'session',
    warm,
    bodyLimit: DRAWING_BODY_LIMIT,
    body: saveBody,
    run: ({ app, session, body }) => saveDrawing(app.drawings, session, body),
  }),
  route({
    method: 'GET',
    path: '/drawings',
    auth: 'session',
    warm,
    query: listQuery,
    run: async ({ app, session, query }) => ({ data: await listDrawings(app.drawings, session, query) }),
  }),
  route({
    method: 'GET',
    path: '/drawings/{id}',
    auth: 'session',
    warm,
    params: idParams,
    run: async ({ app, session, params }) => ({ data: await getDrawing(app.drawings, session, params.id) }),
  }),
  route({
    method: 'DELETE',
    path: '/drawings/{id}',
    auth: 'session',
    warm,
    params: idParams,
    run: async ({ app, session, params }) => {
      await deleteDrawing(app.drawings, session, params.id);
      return { data: { deleted: true } };
    },
  }),
]);
