// wx-push: WeChat's message push (消息推送) at /wx/push, with its own Function URL: the GET
// handshake when the URL is saved in the mini program's console, and JSON or XML pushes in plain
// or safe mode. wxa_media_check pushes settle album images.
import { answerHandshake, createFunction, receivePush, route } from '@weapp-scf/layer';

export const { main_handler, routes } = createFunction('wx-push', [
  route({
    method: 'GET',
    path: '/wx/push',
    auth: 'none',
    run: async ({ app, request }) => ({ data: null, text: await answerHandshake(app.push, request) }),
  }),
  route({
    method: 'POST',
    path: '/wx/push',
    auth: 'none',
    // JSON or XML, as the console's 数据格式 is set: the receiver reads the bytes itself.
    rawBody: true,
    run: async ({ app, request }) => ({
      data: null,
      text: await receivePush(app.push, request, request.body),
    }),
  }),
]);
