// npm run build: esbuild CommonJS bundles for SCF's Nodejs18.15 runtime.
//   dist/functions/<name>/index.js   one per function; requires @weapp-scf/layer, never bundles it
//   dist/layer/node_modules/@weapp-scf/layer/            the layer: index.js (the loader) loads app.js
//     and, on first use, the lazy chunks, each with its V8 code cache (<file>.cache)
// SCF unpacks a layer at /opt and puts /opt/node_modules on NODE_PATH, so require() finds it there.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ALL_FUNCTION_NAMES } from '../functions/registry.js';
import { makeCodeCaches } from './code-cache.js';

export const LAYER_PACKAGE = '@weapp-scf/layer';
const root = join(import.meta.dirname, '..');
const DIST = join(root, 'dist');

// Optional peers of the mongodb driver that it loads only when configured; none is used here.
const MONGODB_OPTIONAL = [
  '@mongodb-js/zstd',
  '@aws-sdk/credential-providers',
  'gcp-metadata',
  'kerberos',
  'mongodb-client-encryption',
  'snappy',
  'socks',
  'aws4',
];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18.15',
  minify: true,
  // Error names in log lines (ReplyError, MongoServerError...) stay readable. It costs ~1,500
  // __name() calls at load (~4 ms of a Mongo cold start); measured and kept (README, cold starts).
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // import() of a lazy chunk becomes require(): Node's ESM loader would scan the whole chunk first.
  supported: { 'dynamic-import': false },
} as const;

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function kib(path: string): string {
  return `${(statSync(path).size / 1024).toFixed(1)} KiB`;
}

// Heavy dependencies that only some requests need are files of their own in the layer, required on
// first use, so a cold start neither parses nor runs them: the MongoDB driver (mongo.js), Tencent's
// STS SDK (sts.js), the XML reader for COS listings and XML pushes (xml.js) and the WebSocket library (ws.js).
const LAZY_CHUNKS = [
  { source: 'lib/platform/mongo/mongo-driver.ts', file: 'mongo.js', match: /\/mongo-driver\.js$/ },
  { source: 'lib/integrations/cos/sts-sdk.ts', file: 'sts.js', match: /\/sts-sdk\.js$/ },
  { source: 'lib/platform/xml.ts', file: 'xml.js', match: /\/platform\/xml\.js$/ },
  { source: 'lib/features/game/ws-server.ts', file: 'ws.js', match: /\/ws-server\.js$/ },
];

const lazyChunks: Plugin = {
  name: 'lazy-chunks',
  setup(b) {
    for (const chunk of LAZY_CHUNKS) {
      b.onResolve({ filter: chunk.match }, () => ({ path: `./${chunk.file}`, external: true }));
    }
  },
};

/** Builds everything into `dist` (dist/ unless told: a test builds twice elsewhere to compare). */
export async function buildAll(dist = DIST): Promise<void> {
  const clientDist = dist === DIST ? join(root, 'client/dist') : join(dist, 'client');
  rmSync(dist, { recursive: true, force: true });

  const layerDir = join(dist, 'layer/node_modules', LAYER_PACKAGE);
  await build({
    ...common,
    entryPoints: [join(root, 'layers/app/index.ts')],
    outfile: join(layerDir, 'app.js'),
    plugins: [lazyChunks],
  });
  await build({
    ...common,
    entryPoints: [join(root, 'layers/app/loader.cts')],
    outfile: join(layerDir, 'index.js'),
  });
  for (const chunk of LAZY_CHUNKS) {
    await build({
      ...common,
      entryPoints: [join(root, chunk.source)],
      outfile: join(layerDir, chunk.file),
      external: MONGODB_OPTIONAL,
    });
  }
  writeJson(join(layerDir, 'package.json'), {
    name: LAYER_PACKAGE,
    private: true,
    main: 'index.js',
    type: 'commonjs',
  });
  const node = makeCodeCaches(layerDir, ['app.js', ...LAZY_CHUNKS.map((c) => c.file)]);
  const lazy = LAZY_CHUNKS.map((c) => `${c.file} ${kib(join(layerDir, c.file))}`).join(', ');
  console.log(
    `layer     ${kib(join(layerDir, 'app.js'))} (+ on first use: ${lazy}; ${node ? `code caches by Node.js ${node}` : 'no code caches: Node.js 18.15 is not at hand'})  dist/layer`,
  );

  // The mini-program client: CommonJS, as the mini-program npm build (miniprogram_npm) expects.
  await build({
    ...common,
    platform: 'neutral',
    target: 'es2018',
    entryPoints: [join(root, 'client/src/index.ts')],
    outfile: join(clientDist, 'index.js'),
  });
  console.log(`client    ${kib(join(clientDist, 'index.js'))}  ${relative(root, clientDist)}`);

  // The game is an SCF web function: scf_bootstrap starts its server on port 9000. A web function's
  // bootstrap runs node itself, so it puts the layer (/opt/node_modules) on NODE_PATH explicitly.
  const game = join(dist, 'game');
  await build({
    ...common,
    entryPoints: [join(root, 'functions/game/index.ts')],
    outfile: join(game, 'index.js'),
    external: [LAYER_PACKAGE],
  });
  writeJson(join(game, 'package.json'), { name: 'weapp-scf-game', private: true, type: 'commonjs' });
  writeFileSync(
    join(game, 'scf_bootstrap'),
    '#!/bin/bash\nexport NODE_PATH=/opt/node_modules:/opt:$NODE_PATH\nexport PORT=9000\nexec /var/lang/node18/bin/node index.js\n',
    { mode: 0o755 },
  );
  console.log(`game      ${kib(join(game, 'index.js'))}  dist/game (web function)`);

  for (const name of ALL_FUNCTION_NAMES) {
    const out = join(dist, 'functions', name);
    await build({
      ...common,
      entryPoints: [join(root, 'functions', name, 'index.ts')],
      outfile: join(out, 'index.js'),
      external: [LAYER_PACKAGE],
    });
    writeJson(join(out, 'package.json'), { name: `weapp-scf-${name}`, private: true, type: 'commonjs' });
    console.log(`${name.padEnd(9)} ${kib(join(out, 'index.js'))}  dist/functions/${name}`);
  }
}

if (process.argv[1] === import.meta.filename) await buildAll();
