// npm run smoke -- <URLs>: after a deploy, each function is asked something that makes it touch
// every service it depends on, without a WeChat login: a well-formed session nobody holds (a Redis
// read -> 401), the trailer list (MongoDB), a push with a bad signature (the push token -> 403),
// the game's WebSocket upgrade with that unknown session (Redis -> refused), and the album bucket
// without credentials (private -> 403). A 5xx, a timeout or anything else fails the check, naming
// the function and the dependency; any failure exits 1.
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { FUNCTION_NAMES } from '../functions/registry.js';
import { readArgs, runTool } from './cli.js';

const TOOL = {
  name: 'npm run smoke --',
  usage: `<base URL> | login=<url> auth=<url> album-sign-upload=<url> draw-save=<url> comments=<url> wx-push=<url> [game=<wss url>] [bucket=<url>]

  Checks a deployment: each function answers and reaches what it depends on (Redis, MongoDB, the
  push token, the album bucket). npm run deploy prints the exact command for your deployment. With
  one base URL (npm start), every function is reached under it and the game at <base>/game.

  --timeout MS    how long each check may take (default 10000)
  -h, --help      this text`,
  options: { timeout: { type: 'string' } },
  positionals: true,
} as const;

const TARGETS = [...FUNCTION_NAMES, 'game', 'bucket'] as const;
type Target = (typeof TARGETS)[number];

interface Outcome {
  status: number;
  error?: string | undefined;
  headers: Headers | undefined;
}

interface Check {
  target: Target;
  /** What it depends on, for a failure's line. */
  touches: string;
  /** What a pass shows. */
  shows: string;
  what: string;
  run(url: string, signal: AbortSignal): Promise<Outcome>;
  passes(o: Outcome): boolean;
  expected: string;
}

/** A session in the form the server issues, that nobody holds. */
const unknownSession = () => ({ uuid: randomUUID(), skey: randomBytes(32).toString('base64url') });

async function http(url: string, init: RequestInit, signal: AbortSignal): Promise<Outcome> {
  const res = await fetch(url, { ...init, signal });
  const text = await res.text();
  let error: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') error = body.error;
  } catch {
    error = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1];
  }
  return { status: res.status, error, headers: res.headers };
}

const apiCall =
  (method: string, path: string, extra: (s: ReturnType<typeof unknownSession>) => RequestInit = () => ({})) =>
  (base: string, signal: AbortSignal) => {
    const session = unknownSession();
    const init = extra(session);
    return http(
      `${base}${path}`,
      { method, ...init, headers: { 'x-wx-id': session.uuid, 'x-wx-skey': session.skey, ...init.headers } },
      signal,
    );
  };

const fromUs = (o: Outcome) => o.headers?.get('x-request-id') != null;
const invalidSession = (o: Outcome) => o.status === 401 && o.error === 'ERR_INVALID_SESSION' && fromUs(o);

const CHECKS: Check[] = [
  {
    target: 'login',
    touches: 'Redis',
    shows: 'Redis answers',
    what: 'GET /weapp/user with an unknown wafer2 session',
    run: (base, signal) => {
      const s = unknownSession();
      return http(`${base}/weapp/user`, { headers: { 'x-wx-skey': `w2.${s.uuid}.${s.skey}` } }, signal);
    },
    passes: invalidSession,
    expected: '401 ERR_INVALID_SESSION',
  },
  {
    target: 'auth',
    touches: 'Redis',
    shows: 'Redis answers',
    what: 'POST /auth with an unknown session',
    run: apiCall('POST', '/auth'),
    passes: invalidSession,
    expected: '401 ERR_INVALID_SESSION',
  },
  {
    target: 'album-sign-upload',
    touches: 'Redis',
    shows: 'Redis answers',
    what: 'GET /album with an unknown session',
    run: apiCall('GET', '/album'),
    passes: invalidSession,
    expected: '401 ERR_INVALID_SESSION',
  },
  {
    target: 'draw-save',
    touches: 'Redis',
    shows: 'Redis answers',
    what: 'GET /drawings with an unknown session',
    run: apiCall('GET', '/drawings'),
    passes: invalidSession,
    expected: '401 ERR_INVALID_SESSION',
  },
  {
    target: 'comments',
    touches: 'MongoDB',
    shows: 'MongoDB answers',
    what: 'GET /videos',
    run: (base, signal) => http(`${base}/videos`, {}, signal),
    passes: (o) => o.status === 200 && fromUs(o),
    expected: '200',
  },
  {
    target: 'wx-push',
    touches: 'its push token (WX_PUSH_TOKEN)',
    shows: 'WX_PUSH_TOKEN set',
    what: 'GET /wx/push with a bad signature',
    run: (base, signal) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const query = new URLSearchParams({
        signature: '0'.repeat(40),
        timestamp,
        nonce: '1',
        echostr: 'smoke',
      });
      return http(`${base}/wx/push?${query}`, {}, signal);
    },
    passes: (o) => o.status === 403 && fromUs(o),
    expected: '403 (the signature refused)',
  },
  {
    target: 'game',
    touches: 'Redis',
    shows: 'Redis answers',
    what: 'the WebSocket upgrade with an unknown session',
    run: (url, signal) => upgrade(url, signal),
    passes: (o) => o.status === 401,
    expected: 'refused with 401',
  },
  {
    target: 'bucket',
    touches: 'the album bucket',
    shows: 'reachable and private',
    what: 'GET of the bucket without credentials',
    run: (url, signal) => http(`${url.replace(/\/+$/, '')}/`, {}, signal),
    passes: (o) => o.status === 403 && o.error === 'AccessDenied',
    expected: '403 AccessDenied (reachable and private)',
  },
];

/** The status a WebSocket upgrade is answered with (101 when it is accepted). */
function upgrade(url: string, signal: AbortSignal): Promise<Outcome> {
  const session = unknownSession();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { 'x-wx-id': session.uuid, 'x-wx-skey': session.skey } });
    const done = (o: Outcome) => {
      ws.terminate();
      resolve(o);
    };
    signal.addEventListener('abort', () => {
      ws.terminate();
      reject(new Error('timed out'));
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      done({ status: res.statusCode ?? 0, headers: undefined });
    });
    ws.once('open', () => done({ status: 101, headers: undefined }));
    ws.once('error', (err) => reject(err));
  });
}

/** `urls`: one base for every function, or `name=url` pairs; answers the URL of each target. */
function targets(urls: string[]): Map<Target, string> | string {
  const map = new Map<Target, string>();
  for (const arg of urls) {
    const [, name, url] = /^([a-z-]+)=(.+)$/.exec(arg) ?? [];
    if (name === undefined) {
      const base = arg.replace(/\/+$/, '');
      if (!/^https?:\/\//.test(base)) return `not a URL: ${arg}`;
      for (const t of TARGETS)
        if (t !== 'bucket' && !map.has(t))
          map.set(t, t === 'game' ? `${base.replace(/^http/, 'ws')}/game` : base);
      continue;
    }
    if (!(TARGETS as readonly string[]).includes(name))
      return `unknown function ${name} (one of ${TARGETS.join(', ')})`;
    map.set(name as Target, url!.replace(/\/+$/, ''));
  }
  return map;
}

export async function smoke(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const args = readArgs(TOOL, argv, env, out);
  if (typeof args === 'number') return args;
  const timeoutMs = Number(args.values.timeout ?? 10_000);
  const urls = targets(args.positionals);
  if (typeof urls === 'string' || urls.size === 0 || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    out(
      `smoke: ${typeof urls === 'string' ? urls : urls.size === 0 ? 'no URL given' : '--timeout takes milliseconds'}`,
    );
    out(`usage: ${TOOL.name} ${TOOL.usage.split('\n')[0]}`);
    return 2;
  }
  let failed = 0;
  for (const check of CHECKS) {
    const url = urls.get(check.target);
    if (!url) {
      out(`skip ${check.target}: no URL given (${check.target}=<url>)`);
      continue;
    }
    let line: string;
    try {
      const o = await check.run(url, AbortSignal.timeout(timeoutMs));
      const seen = `${o.status}${o.error ? ` ${o.error}` : ''}`;
      if (check.passes(o)) line = `ok   ${check.target}: ${check.what} -> ${seen} (${check.shows})`;
      else {
        failed++;
        line = `FAIL ${check.target}: ${check.what} -> ${seen}, expected ${check.expected}: ${o.status >= 500 ? `it cannot reach ${check.touches} or its configuration is wrong (see its log)` : 'not the answer of this deployment'}`;
      }
    } catch (err) {
      failed++;
      const reason =
        err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      line = `FAIL ${check.target}: ${check.what} -> ${reason}`;
    }
    out(line);
  }
  out(
    failed
      ? `${failed} check${failed > 1 ? 's' : ''} failed`
      : 'every function answers and reaches what it depends on',
  );
  return failed ? 1 : 0;
}

await runTool(import.meta.url, smoke);
