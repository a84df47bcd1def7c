// auth: checks and refreshes a session (POST /auth), ends it (POST /logout), updates the user's
// nickname and avatar (POST /profile), binds, reads and removes their phone number (/phone), and
// hands the user a copy of their data (GET /me/export) or deletes their account (DELETE /me).
import {
  type App,
  bindPhone,
  createFunction,
  deleteMeBody,
  deleteOwnAccount,
  exportAccount,
  logout,
  phoneBody,
  profileBody,
  readPhone,
  removePhone,
  route,
  updateProfile,
  warmPhone,
} from '@weapp-scf/layer';

/** MongoDB (driver, connection, users' index) made ready while the session is checked. */
const warm = (app: App) => warmPhone(app.phone);

export const { main_handler, routes } = createFunction('auth', [
  route({
    method: 'POST',
    path: '/auth',
    auth: 'session',
    run: async ({ session }) => ({
      data: { user: session.user, expiresAt: session.expiresAt.toISOString() },
    }),
  }),
  route({
    method: 'POST',
    path: '/logout',
    auth: 'session',
    run: async ({ session, app }) => {
      await logout(app.logout, session);
      return { data: { loggedOut: true } };
    },
  }),
  route({
    method: 'POST',
    path: '/profile',
    auth: 'session',
    body: profileBody,
    run: async ({ session, body, app }) => ({
      data: { user: await updateProfile(app.profile, session, body) },
    }),
  }),
  route({
    method: 'POST',
    path: '/phone',
    auth: 'session',
    warm,
    body: phoneBody,
    run: async ({ session, body, app }) => ({ data: await bindPhone(app.phone, session, body) }),
  }),
  route({
    method: 'GET',
    path: '/phone',
    auth: 'session',
    warm,
    run: async ({ session, app }) => ({ data: await readPhone(app.phone, session) }),
  }),
  route({
    method: 'DELETE',
    path: '/phone',
    auth: 'session',
    warm,
    run: async ({ session, app }) => ({ data: await removePhone(app.phone, session) }),
  }),
  route({
    method: 'GET',
    path: '/me/export',
    auth: 'session',
    warm,
    run: async ({ session, app }) => ({ data: await exportAccount(app.account, session) }),
  }),
  route({
    method: 'DELETE',
    path: '/me',
    auth: 'session',
    warm,
    body: deleteMeBody,
    run: async ({ session, app }) => {
      await deleteOwnAccount(app.account, { appId: session.appId, openId: session.openId });
      return { data: { deleted: true } };
    },
  }),
]);
