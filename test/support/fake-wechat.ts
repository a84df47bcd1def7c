// A fake WeChat server API on loopback with scripted answers, chosen by the login code:
//   "union-..."    success with unionid        "err-<n>"   that errcode (e.g. err-40029)
//   "stall"        answers after 5 s            "nonjson"   an HTML error page
//   "http-500"     HTTP 500                     otherwise   success without unionid
// Same code, same openid; each session_key is random (or preset) and remembered as a secret.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { rememberSecret } from './secrets.js';

export interface FakeWechat {
  url: string;
  appId: string;
  secret: string;
  calls: number;
  /** Registers another mini program with this fake and returns its secret. */
  addApp(appId: string): string;
  /** The next exchange of `code` hands out `sessionKey`, so a test can sign user data up front. */
  presetSessionKey(code: string, sessionKey: string): void;
  openIdFor(code: string): string;
  close(): Promise<void>;
}

export async function startFakeWechat(appId = 'wx0123456789abcdef'): Promise<FakeWechat> {
  const apps = new Map<string, string>();
  const addApp = (id: string) => {
    const appSecret = randomBytes(16).toString('hex');
    rememberSecret(appSecret);
    apps.set(id, appSecret);
    return appSecret;
  };
  const secret = addApp(appId);
  const openIdFor = (code: string) =>
    `o${createHash('sha256').update(code).digest('base64url').slice(0, 27)}`;
  const preset = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  const fake = { calls: 0 } as FakeWechat;

  const server: Server = createServer((req, res) => {
    fake.calls++;
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') return send({ errcode: 40066, errmsg: 'invalid url' });
    const q = url.searchParams;
    const appSecret = apps.get(q.get('appid') ?? '');
    if (!appSecret) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== appSecret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code')
      return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = q.get('js_code') ?? '';
    if (code === 'stall') {
      const t = setTimeout(() => send({ errcode: -1, errmsg: 'late' }), 5000);
      timers.add(t);
      return;
    }
    if (code === 'nonjson') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>502 Bad Gateway</html>');
    }
    if (code === 'http-500') {
      res.writeHead(500);
      return res.end();
    }
    const err = /^err-(-?\d+)$/.exec(code);
    if (err) return send({ errcode: Number(err[1]), errmsg: 'scripted error' });
    const sessionKey = preset.get(code) ?? randomBytes(16).toString('base64');
    preset.delete(code);
    rememberSecret(sessionKey);
    send({
      openid: openIdFor(code),
      session_key: sessionKey,
      ...(code.startsWith('union-') ? { unionid: `u${openIdFor(code).slice(1)}` } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    appId,
    secret,
    addApp,
    presetSessionKey: (code: string, sessionKey: string) => {
      rememberSecret(sessionKey);
      preset.set(code, sessionKey);
    },
    openIdFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
