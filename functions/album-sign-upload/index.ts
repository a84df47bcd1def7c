// album-sign-upload: presigned COS uploads for wx.uploadFile (POST form) and wx.request (PUT),
// STS credentials for cos-wx-sdk-v5, and the caller's own images: list and delete.
import {
  type App,
  createFunction,
  deleteImage,
  listImages,
  listQuery,
  nameParams,
  route,
  signUpload,
  temporaryCredentials,
  uploadBody,
} from '@weapp-scf/layer';

/** MongoDB (driver, connection, the images' indexes) made ready while the session is checked:
 * lists carry each image's moderation status. */
const warm = (app: App) => app.album.images.ensureIndexes();

export const { main_handler, routes } = createFunction('album-sign-upload', [
  route({
    method: 'POST',
    path: '/album/uploads',
    auth: 'session',
    body: uploadBody,
    run: async ({ app, session, body }) => ({
      status: 201,
      data: await signUpload(app.album, session, body),
    }),
  }),
  route({
    method: 'POST',
    path: '/album/credentials',
    auth: 'session',
    run: async ({ app, session }) => ({ data: await temporaryCredentials(app.album, session) }),
  }),
  route({
    method: 'GET',
    path: '/album',
    auth: 'session',
    query: listQuery,
    warm,
    run: async ({ app, session, query }) => ({ data: await listImages(app.album, session, query) }),
  }),
  route({
    method: 'DELETE',
    path: '/album/{name}',
    auth: 'session',
    params: nameParams,
    warm,
    run: async ({ app, session, params }) => {
      await deleteImage(app.album, session, params.name);
      return { data: { deleted: true } };
    },
  }),
]);
