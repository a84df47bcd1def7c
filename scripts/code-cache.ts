// V8 code caches for the layer (app.js and its lazy chunks), made at build time by the Node.js
// the functions run on (18.15, SCF's runtime) so that V8 takes them: each file is compiled as the
// layer's loader compiles it (layers/app/loader.cts: Module.wrap, vm.Script), its top level run,
// and what V8 compiled by then saved beside it as <file>.cache.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SCF_NODE_VERSION, scfNode } from './scf-runtime.js';

/** Runs inside the runtime's node: compile, run the top level (chunks stubbed), save the cache. */
const MAKE_CACHES = `
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
const [dir, ...files] = JSON.parse(process.argv[1]);
for (const file of files) {
  const filename = join(dir, file);
  const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), { filename });
  const mod = { exports: {} };
  const stubChunks = (id) => (id.startsWith('./') ? {} : require(id));
  script.runInThisContext().call(mod.exports, mod.exports, stubChunks, mod, filename, dir);
  writeFileSync(filename + '.cache', script.createCachedData());
}`;

/** Writes <file>.cache beside each of `files` in `dir`; returns the Node.js version used, or
 * undefined when SCF's Node.js is not at hand (no caches then: another Node's would be rejected). */
export function makeCodeCaches(dir: string, files: readonly string[]): string | undefined {
  const node = scfNode();
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${SCF_NODE_VERSION}`) return undefined;
  execFileSync(node, ['-e', MAKE_CACHES, JSON.stringify([dir, ...files])], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_PATH: join(dir, '..') },
  });
  return version;
}
