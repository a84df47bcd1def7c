// P3: cold starts. Each function's built artifact is laid out as SCF lays it out (code in
// /var/user, the layer in /opt, SCF's NODE_PATH) and run by a fresh Node.js 18.15 that loads it and
// answers one real request. The figure is that process's wall time as a ratio of a bare `node -e 0`
// run with the very same environment (NODE_EXTRA_CA_CERTS and the like cost every Node start
// alike), the two interleaved round by round: milliseconds move with the machine, the ratio does
// not. Beside it the CPU time (user + system, from process.cpuUsage() at exit) over the bare one's,
// which a busy machine disturbs less. Also each bundle's size.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionName } from '../functions/registry.js';
import { buildAll } from '../scripts/build.js';
import { scfNode } from '../scripts/scf-runtime.js';
import { type BenchResult, median } from './stats.js';

const root = join(import.meta.dirname, '..');

/** What the child prints last: its own CPU time at exit, in ms. */
const REPORT_CPU = `const c = process.cpuUsage(); process.stdout.write('\\ncpu=' + (c.user + c.system) / 1000);`;

interface Run {
  wall: number;
  cpu: number;
}

function run(node: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
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
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = Number(/cpu=([\d.]+)\s*$/.exec(out)?.[1]);
      if (code !== 0 || !Number.isFinite(cpu))
        reject(new Error(`cold start failed (${code}): ${out.slice(0, 500)}`));
      else resolve({ wall, cpu });
    });
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The functions measured (all that answer HTTP; album-check is a COS trigger, the game a socket). */
type Measured = FunctionName;

/** Targets as ratios of a bare `node -e 0` start in the same environment (issue 26): the
 * functions that never load the MongoDB driver 1.5x, the ones that do 2.0x. */
export const COLD_TARGET_RATIO: Record<Measured, number> = {
  login: 2.0,
  auth: 1.5,
  'album-sign-upload': 1.5,
  'draw-save': 2.0,
  comments: 2.0,
  'wx-push': 1.5,
};

export async function coldStartBenchmarks(
  requests: Record<Measured, object>,
  rounds: number,
): Promise<BenchResult[]> {
  await buildAll();
  const node = scfNode();
  const scf = mkdtempSync(join(tmpdir(), 'weapp-scf-cold-'));
  const results: BenchResult[] = [];
  try {
    cpSync(join(root, 'dist/layer'), join(scf, 'opt'), { recursive: true });
    for (const name of Object.keys(COLD_TARGET_RATIO) as Measured[]) {
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
        ${REPORT_CPU}
        process.exit(0);
      })`;
      const ours: Run[] = [];
      const bare: Run[] = [];
      for (let i = 0; i < rounds; i++) {
        bare.push(await run(node, ['-e', REPORT_CPU], env, user));
        ours.push(await run(node, ['-e', script], env, user));
      }
      const wall = median(ours.map((r) => r.wall));
      const bareWall = median(bare.map((r) => r.wall));
      const cpu = median(ours.map((r) => r.cpu));
      const bareCpu = median(bare.map((r) => r.cpu));
      const target = COLD_TARGET_RATIO[name];
      const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
      results.push({
        id: `P3-${name}`,
        what: `cold start of ${name}: wall ms to start Node, load artifact + layer and answer one request (baseline: a bare node -e 0 in the same environment, interleaved)`,
        value: round1(wall),
        baseline: round1(bareWall),
        ratio: ratio(wall, bareWall),
        target,
        ok: wall / bareWall <= target,
      });
      results.push({
        id: `P3-cpu-${name}`,
        what: `cold start of ${name}: CPU ms (user + system) (baseline: the bare node's CPU ms); reported beside the wall time`,
        value: round1(cpu),
        baseline: round1(bareCpu),
        ratio: ratio(cpu, bareCpu),
        target,
        ok: cpu / bareCpu <= target,
      });
      const kb = statSync(join(user, 'index.js')).size / 1024;
      results.push({
        id: `P3-size-${name}`,
        what: `${name} bundle KB (layer excluded)`,
        value: round1(kb),
        baseline: 150,
        ratio: round1(kb / 150),
        target: 150,
        ok: kb <= 150,
      });
    }
    const layerKb = statSync(join(scf, 'opt/node_modules/@weapp-scf/layer/app.js')).size / 1024;
    results.push({
      id: 'P3-size-layer',
      what: 'layer KB: app.js, its eager part (reported; no target)',
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
