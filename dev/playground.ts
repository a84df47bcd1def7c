// Serves the playground at /playground/: the page, and its script bundled in memory by esbuild on
// first request from the same client the mini program uses (client/src).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = join(import.meta.dirname, '../playground');
let script: Promise<string> | undefined;

function bundle(): Promise<string> {
  script ??= build({
    entryPoints: [join(dir, 'app.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  })
    .then((r) => r.outputFiles[0]!.text)
    .catch((err) => {
      script = undefined;
      throw err;
    });
  return script;
}

/** Answers playground requests; returns false for anything else. */
export async function servePlayground(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/playground') {
    res.writeHead(301, { location: '/playground/' });
    res.end();
    return true;
  }
  if (path === '/playground/' || path === '/playground/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(dir, 'index.html')));
    return true;
  }
  if (path === '/playground/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await bundle());
    return true;
  }
  return false;
}
