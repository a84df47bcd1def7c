// A fake WeChat server API on loopback with scripted answers, chosen by the login code:
//   "union-..."    success with unionid        "err-<n>"   that errcode (e.g. err-40029)
//   "stall"        answers after 5 s            "nonjson"   an HTML error page
//   "http-500"     HTTP 500                     otherwise   success without unionid
// Same code, same openid; each session_key is random (or preset) and remembered as a secret.
// POST /cgi-bin/stable_token hands out access tokens (force_refresh replaces the current one);
// POST /wxa/msg_sec_check (scene 1 profile, 2 comment, ...) judges by the content: "RISKY" -> risky, "REVIEW" -> review,
// "ERRCODE" -> errcode 87014, "STALL" -> answers after 5 s, otherwise pass; an unknown or
// revoked token gets errcode 40001.
// POST /wxa/business/getuserphonenumber {code} answers phone_info for the code (phoneFor(code)):
// "phone-invalid" -> 40029, "phone-error" -> -1, "phone-stall" -> answers after 5 s,
// "phone-other-app" -> a watermark of another mini program; a bad token gets 40001.
// POST /wxa/media_check_async downloads media_url and hands out a trace (mediaChecks; wechat-push.ts).
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { rememberSecret } from './secrets.js';
import { answerMediaCheck, type MediaCheck } from './wechat-push.js';

export interface FakeWechat {
  url: string;
  appId: string;
  secret: string;
  calls: number;
  /** While true, every jscode2session call stalls (answers after 5 s), as when WeChat hangs. */
  stallLogins: boolean;
  /** While true, stable_token stalls (answers after 5 s). */
  stallTokens: boolean;
  /** Calls to stable_token and to msg_sec_check so far. */
  tokenCalls: number;
  checkCalls: number;
  /** The msg_sec_check scene of each check so far. */
  checkScenes: number[];
  /** The access token WeChat currently accepts, per app. */
  currentToken(appId?: string): string | undefined;
  /** Makes WeChat forget the current tokens, as when they expire. */
  revokeTokens(): void;
  /** Registers another mini program with this fake and returns its secret. */
  addApp(appId: string): string;
  /** The next exchange of `code` hands out `sessionKey`, so a test can sign user data up front. */
  presetSessionKey(code: string, sessionKey: string): void;
  openIdFor(code: string): string;
  /** The number getuserphonenumber gives for a code ("139" and 8 digits of a hash of it). */
  phoneFor(code: string): string;
  phoneCalls: number;
  /** Every media_check_async accepted so far, oldest first. */
  mediaChecks: MediaCheck[];
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
  // "alice~1" and "alice~2" are two codes of one user, as two wx.login calls on one phone.
  const openIdFor = (code: string) =>
    `o${createHash('sha256').update(code.split('~')[0]!).digest('base64url').slice(0, 27)}`;
  const preset = new Map<string, string>();
  const phoneFor = (code: string) =>
    `139${(Number.parseInt(createHash('sha256').update(`phone:${code}`).digest('hex').slice(0, 10), 16) % 1e8).toString().padStart(8, '0')}`;
  const timers = new Set<NodeJS.Timeout>();
  const fake = {
    calls: 0,
    tokenCalls: 0,
    checkCalls: 0,
    checkScenes: [],
    stallLogins: false,
    phoneCalls: 0,
    mediaChecks: [],
  } as unknown as FakeWechat;
  const tokens = new Map<string, string>();
  let tokenSerial = 0;
  const readJson = (req: import('node:http').IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        try {
          resolve(JSON.parse(text) as Record<string, unknown>);
        } catch {
          resolve({});
        }
      });
    });

  const server: Server = createServer((req, res) => {
    fake.calls++;
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/stable_token') {
      fake.tokenCalls++;
      void readJson(req).then(async (body) => {
        if (fake.stallTokens) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 5000);
            timers.add(t);
          });
        }
        const appSecret = apps.get(String(body.appid));
        if (!appSecret || body.secret !== appSecret || body.grant_type !== 'client_credential') {
          return send({ errcode: 40125, errmsg: 'invalid appsecret' });
        }
        if (body.force_refresh === true || !tokens.has(String(body.appid))) {
          const token = `token-${++tokenSerial}-${randomBytes(6).toString('hex')}`;
          rememberSecret(token);
          tokens.set(String(body.appid), token);
        }
        send({ access_token: tokens.get(String(body.appid)), expires_in: 7200 });
      });
      return;
    }
    if (url.pathname === '/wxa/msg_sec_check') {
      fake.checkCalls++;
      void readJson(req).then((body) => {
        const token = url.searchParams.get('access_token');
        if (![...tokens.values()].includes(token ?? ''))
          return send({ errcode: 40001, errmsg: 'invalid credential' });
        // scene: 1 a profile (资料), 2 a comment (评论), 3 a forum post, 4 a social log.
        if (
          body.version !== 2 ||
          ![1, 2, 3, 4].includes(body.scene as number) ||
          typeof body.openid !== 'string'
        )
          return send({ errcode: 40003, errmsg: 'bad' });
        fake.checkScenes.push(body.scene as number);
        const content = String(body.content);
        if (content.includes('STALL')) {
          const t = setTimeout(() => send({ errcode: 0, result: { suggest: 'pass', label: 100 } }), 5000);
          timers.add(t);
          return;
        }
        if (content.includes('ERRCODE')) return send({ errcode: 87014, errmsg: 'risky content' });
        const suggest = content.includes('RISKY') ? 'risky' : content.includes('REVIEW') ? 'review' : 'pass';
        send({
          errcode: 0,
          errmsg: 'ok',
          result: { suggest, label: suggest === 'pass' ? 100 : 20001 },
          detail: [],
          trace_id: 't',
        });
      });
      return;
    }
    if (url.pathname === '/wxa/media_check_async') {
      void readJson(req).then(async (body) => {
        const token = url.searchParams.get('access_token');
        const appOfToken = [...tokens.entries()].find(([, t]) => t === token)?.[0];
        send(await answerMediaCheck(appOfToken, body, fake.mediaChecks));
      });
      return;
    }
    if (url.pathname === '/wxa/business/getuserphonenumber') {
      fake.phoneCalls++;
      void readJson(req).then((body) => {
        const token = url.searchParams.get('access_token');
        const appOfToken = [...tokens.entries()].find(([, t]) => t === token)?.[0];
        if (!appOfToken) return send({ errcode: 40001, errmsg: 'invalid credential' });
        const code = String(body.code ?? '');
        if (code === 'phone-stall') {
          const t = setTimeout(() => send({ errcode: -1, errmsg: 'late' }), 5000);
          timers.add(t);
          return;
        }
        if (code === 'phone-invalid' || !code) return send({ errcode: 40029, errmsg: 'invalid code' });
        if (code === 'phone-error') return send({ errcode: -1, errmsg: 'system error' });
        const pure = phoneFor(code);
        // As documented: countryCode is a number. A code starting "hk-" is a Hong Kong number.
        const countryCode = code.startsWith('hk-') ? 852 : 86;
        send({
          errcode: 0,
          errmsg: 'ok',
          phone_info: {
            phoneNumber: countryCode === 86 ? pure : `+${countryCode} ${pure}`,
            purePhoneNumber: pure,
            countryCode,
            watermark: {
              timestamp: Math.floor(Date.now() / 1000),
              appid: code === 'phone-other-app' ? 'wxotherapp00000000' : appOfToken,
            },
          },
        });
      });
      return;
    }
    if (url.pathname !== '/sns/jscode2session') return send({ errcode: 40066, errmsg: 'invalid url' });
    const q = url.searchParams;
    const appSecret = apps.get(q.get('appid') ?? '');
    if (!appSecret) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== appSecret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code')
      return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = q.get('js_code') ?? '';
    if (code === 'stall' || fake.stallLogins) {
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
    currentToken: (id = appId) => tokens.get(id),
    revokeTokens: () => tokens.clear(),
    presetSessionKey: (code: string, sessionKey: string) => {
      rememberSecret(sessionKey);
      preset.set(code, sessionKey);
    },
    openIdFor,
    phoneFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
