// P3: cold starts. Each function's built artifact is laid out as SCF lays it out (code in
// /var/user, the layer in /opt, SCF's NODE_PATH) and run by a fresh Node.js 18.15 that loads it and
// answers one real request; the figure is that process's wall time minus a bare `node -e 0`.
// Also the size of each function bundle (the layer excluded) and of the layer.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../functions/registry.js';
import { buildAll } from '../scripts/build.js';
import { scfNode } from '../test/support/scf-runtime.js';
import { type BenchResult, median } from './stats.js';

const root = join(import.meta.dirname, '..');

function run(node: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`cold start failed (${code}): ${out.slice(0, 500)}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

export async function coldStartBenchmarks(
  requests: Record<FunctionName, object>,
  rounds: number,
): Promise<BenchResult[]> {
  await buildAll();
  const node = scfNode();
  const scf = mkdtempSync(join(tmpdir(), 'weapp-scf-cold-'));
  const results: BenchResult[] = [];
  try {
    cpSync(join(root, 'dist/layer'), join(scf, 'opt'), { recursive: true });
    const baseline: number[] = [];
    for (let i = 0; i < rounds; i++) baseline.push(await run(node, ['-e', '0'], {}, scf));
    const bare = median(baseline);
    for (const name of FUNCTION_NAMES) {
      const user = join(scf, name, 'var/user');
      cpSync(join(root, 'dist/functions', name), user, { recursive: true });
      const env = {
        ...process.env,
        // As deployed: a COS bucket (signing needs no call to it); the layer has no local bucket.
        COS_BUCKET: 'bench-1250000000',
        COS_REGION: 'ap-guangzhou',
        COS_SECRET_ID: 'AKIDbench',
        COS_SECRET_KEY: 'bench-secret-key',
        NODE_PATH: [user, join(user, 'node_modules'), join(scf, 'opt'), join(scf, 'opt/node_modules')].join(
          ':',
        ),
      };
      const script = `require('./index.js').main_handler(${JSON.stringify(requests[name])}, { request_id: 'cold' }).then((r) => {
        if (r.statusCode >= 400) { console.error(r.body); process.exit(1); }
        process.exit(0);
      })`;
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) times.push(await run(node, ['-e', script], env, user));
      const value = median(times) - bare;
      const round = (n: number) => Math.round(n * 10) / 10;
      results.push({
        id: `P3-${name}`,
        what: `cold start of ${name}: ms to load artifact + layer and answer one request, over a bare node (baseline, ms)`,
        value: round(value),
        baseline: round(bare),
        ratio: round(value / 60),
        target: 60,
        ok: value <= 60,
      });
      const kb = statSync(join(user, 'index.js')).size / 1024;
      results.push({
        id: `P3-size-${name}`,
        what: `${name} bundle KB (layer excluded)`,
        value: round(kb),
        baseline: 150,
        ratio: round(kb / 150),
        target: 150,
        ok: kb <= 150,
      });
    }
    const layerKb = statSync(join(scf, 'opt/node_modules/@weapp-scf/layer/index.js')).size / 1024;
    results.push({
      id: 'P3-size-layer',
      what: 'layer KB (reported; no target)',
      value: Math.round(layerKb),
      baseline: 0,
      ratio: 0,
      target: 0,
      ok: true,
    });
    return results;
  } finally {
    rmSync(scf, { recursive: true, force: true });
  }
}
