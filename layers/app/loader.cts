// The layer's entry (index.js): loads the application (app.js) and, on first use, its lazy chunks
// (mongo.js, sts.js, xml.js, ws.js: the only relative requires in app.js) through vm.Script with the V8 code cache made at build time
// (<file>.cache, by Node.js 18.15, scripts/code-cache.ts). V8 takes a cache only from the same
// Node.js binary started with the same V8 flags; a rejected or missing cache costs the compile it
// would have saved, with one log line (rejected) per process, and the answers are the same.
// Node builtins only: nothing here may need the layer itself.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

type CacheState = 'accepted' | 'rejected' | 'absent';
/** Which file's cache V8 took, for the build test (read through this symbol on the exports). */
const CODE_CACHE = Symbol.for('weapp-scf.codeCache');

const states: Record<string, CacheState> = {};
const loaded = new Map<string, unknown>();
let warned = false;

function cacheOf(filename: string): Buffer | undefined {
  try {
    return readFileSync(`${filename}.cache`);
  } catch {
    return undefined;
  }
}

function load(file: string): unknown {
  const done = loaded.get(file);
  if (done) return done;
  const filename = join(__dirname, file);
  const cachedData = cacheOf(filename);
  const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
  states[file] = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (states[file] === 'rejected' && !warned) {
    warned = true;
    console.log(
      JSON.stringify({
        level: 'warn',
        msg: 'V8 code cache rejected (another Node.js build or V8 flags); compiling instead',
        file,
        node: process.version,
      }),
    );
  }
  const mod = { exports: {} as unknown };
  const chunkRequire = Object.assign(
    (id: string) => (id.startsWith('./') ? load(id.slice(2)) : require(id)),
    {
      resolve: require.resolve,
      cache: require.cache,
      main: require.main,
    },
  );
  loaded.set(file, mod.exports);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, chunkRequire, mod, filename, __dirname);
  loaded.set(file, mod.exports);
  return mod.exports;
}

const app = load('app.js') as object;
Object.defineProperty(app, CODE_CACHE, { value: states, enumerable: false });
module.exports = app;
