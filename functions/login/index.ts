// login: POST /login exchanges a wx.login code for our own session (uuid + skey); and the doors the
// old SDKs log in at, each answering in its own protocol (README, "Mini programs already in users'
// hands"), on the same sessions, users and rate limits.
import {
  type App,
  createFunction,
  login,
  loginBody,
  minaAuth,
  minaAuthApi,
  minaAuthBody,
  minaAuthCall,
  minaAuthFailure,
  minaLogin,
  minaLoginBody,
  readLoginInput,
  route,
  wafer2Failure,
  wafer2Login,
  wafer2User,
  waferFailure,
  waferLogin,
  warmLogin,
  wxappFailure,
} from '@weapp-scf/layer';

/** MongoDB (driver, connection, users' index) made ready while WeChat exchanges the code. */
const warm = (app: App) => warmLogin(app.login);

export const { main_handler, routes } = createFunction('login', [
  route({
    method: 'POST',
    path: '/login',
    auth: 'none',
    warm,
    body: loginBody,
    run: async ({ request, body, app }) => ({
      data: await login(app.login, request.sourceIp, readLoginInput(request, body)),
    }),
  }),
  ...(['GET', 'POST'] as const).map((method) =>
    route({
      method,
      path: '/wafer/login',
      auth: 'none',
      warm,
      render: waferFailure,
      run: ({ app, request }) => waferLogin(app.login, request),
    }),
  ),
  route({
    method: 'GET',
    path: '/weapp/login',
    auth: 'none',
    warm,
    render: wafer2Failure,
    run: ({ app, request }) => wafer2Login(app.login, request),
  }),
  route({
    method: 'GET',
    path: '/weapp/user',
    auth: 'session',
    render: wafer2Failure,
    run: async ({ session }) => wafer2User(session.user),
  }),
  route({
    method: 'POST',
    path: '/mina/login',
    auth: 'none',
    warm,
    body: minaLoginBody,
    render: wxappFailure,
    run: ({ app, request, body }) => minaLogin(app.login, request.sourceIp, body),
  }),
  route({
    method: 'POST',
    path: '/mina/auth',
    auth: 'none',
    body: minaAuthBody,
    render: wxappFailure,
    run: ({ app, body }) => minaAuth({ sessions: app.sessions, apps: app.config }, body),
  }),
  route({
    method: 'POST',
    path: '/mina_auth',
    auth: 'none',
    warm,
    body: minaAuthCall,
    render: minaAuthFailure,
    run: ({ app, request, body }) =>
      minaAuthApi({ login: app.login, sessions: app.sessions, clock: app.clock }, request, body),
  }),
]);
