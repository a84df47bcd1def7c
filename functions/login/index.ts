// login: POST /login exchanges a wx.login code for our own session (uuid + skey).
import { createFunction, login, loginBody, readLoginInput, route } from '@weapp-scf/layer';

export const { main_handler, routes } = createFunction('login', [
  route({
    method: 'POST',
    path: '/login',
    auth: 'none',
    body: loginBody,
    run: async ({ request, body, app }) => ({
      data: await login(app.login, request.sourceIp, readLoginInput(request, body)),
    }),
  }),
]);
