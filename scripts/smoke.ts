// npm run smoke -- <base URL> [<game URL>]: after a real deploy, one call to each function through
// its Function URL (or one base URL in front of all of them): /auth without a session must answer
// the contract's 401 envelope with x-request-id, /videos must answer 200, and so on. A function
// that answers otherwise (a 5xx: its configuration) fails the check, naming it.

interface Check {
  fn: string;
  method: string;
  path: string;
  status: number;
  error?: string;
}

const CHECKS: Check[] = [
  { fn: 'login', method: 'POST', path: '/login', status: 400, error: 'ERR_INVALID_INPUT' },
  { fn: 'auth', method: 'POST', path: '/auth', status: 401, error: 'ERR_INVALID_SESSION' },
  { fn: 'album-sign-upload', method: 'GET', path: '/album', status: 401, error: 'ERR_INVALID_SESSION' },
  { fn: 'draw-save', method: 'GET', path: '/drawings', status: 401, error: 'ERR_INVALID_SESSION' },
  { fn: 'comments', method: 'GET', path: '/videos', status: 200 },
];

/** `urls`: one base for every function, or `name=url` pairs (one Function URL each). */
export async function smoke(urls: string[], out: (line: string) => void): Promise<number> {
  const named = Object.fromEntries(
    urls.filter((u) => u.includes('=')).map((u) => u.split(/=(.*)/s).slice(0, 2)),
  );
  const base = urls.find((u) => !u.includes('='));
  if (!base && Object.keys(named).length === 0) {
    out('usage: npm run smoke -- <base URL> | login=<url> auth=<url> ...');
    return 2;
  }
  let failed = 0;
  for (const check of CHECKS) {
    const root = (named[check.fn] ?? base)?.replace(/\/+$/, '');
    if (!root) continue;
    try {
      const res = await fetch(`${root}${check.path}`, {
        method: check.method,
        signal: AbortSignal.timeout(10_000),
        ...(check.method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
      });
      const body = (await res.json().catch(() => undefined)) as { ok?: boolean; error?: string } | undefined;
      const good =
        res.status === check.status &&
        res.headers.get('x-request-id') !== null &&
        (check.error ? body?.ok === false && body.error === check.error : body?.ok === true);
      out(
        `${good ? 'ok  ' : 'FAIL'} ${check.fn}: ${check.method} ${check.path} -> ${res.status} ${body?.error ?? ''}`.trimEnd(),
      );
      if (!good) failed++;
    } catch (err) {
      out(
        `FAIL ${check.fn}: ${check.method} ${check.path} -> ${err instanceof Error ? err.message : String(err)}`,
      );
      failed++;
    }
  }
  out(failed ? `${failed} of the checks failed` : 'every function answers with its configuration');
  return failed ? 1 : 0;
}

if (process.argv[1] === import.meta.filename) {
  process.exitCode = await smoke(process.argv.slice(2), (line) => console.log(line));
}
