// Serves the playground at /playground/: the page, and its script bundled in memory by esbuild on
// first request from the same client the mini program uses (client/src).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseTarget } from '../lib/platform/http/node.js';

const dir = join(import.meta.dirname, '../playground');
const scripts = new Map<string, Promise<string>>();

/** The page's script, bundled once from playground/<name>.ts. */
function bundle(name: string): Promise<string> {
  let script = scripts.get(name);
  if (!script) {
    script = build({
      entryPoints: [join(dir, `${name}.ts`)],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      write: false,
      sourcemap: 'inline',
      logLevel: 'silent',
    })
      .then((r) => r.outputFiles[0]!.text)
      .catch((err) => {
        scripts.delete(name);
        throw err;
      });
    scripts.set(name, script);
  }
  return script;
}

const PAGES: Record<string, string> = {
  '/playground/': 'index.html',
  '/playground/index.html': 'index.html',
  '/playground/game.html': 'game.html',
};
const SCRIPTS: Record<string, string> = { '/playground/app.js': 'app', '/playground/game.js': 'game' };

/** Answers playground requests; returns false for anything else. */
export async function servePlayground(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = parseTarget(req.url)?.path ?? '';
  if (path === '/playground') {
    res.writeHead(301, { location: '/playground/' });
    res.end();
    return true;
  }
  const page = PAGES[path];
  if (page) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(dir, page)));
    return true;
  }
  const script = SCRIPTS[path];
  if (script) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await bundle(script));
    return true;
  }
  return false;
}
