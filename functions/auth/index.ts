// auth: checks and refreshes a session (POST /auth), ends it (POST /logout), and updates the
// user's nickname and avatar (POST /profile).
import { createFunction, logout, profileBody, route, updateProfile } from '@weapp-scf/layer';

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
]);
