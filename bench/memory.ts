// P4: peak RSS of each function after a cold start and 1,000 warm requests, on Node.js 18.15 in
// SCF's layout (test/support/scf-container.ts), with the heap V8 gives the container it is
// deployed at (deploy/memory.ts): the figure is the process's VmHWM, in MiB, beside the bare
// Node's. OK when the deployed size leaves 15% over it and no smaller SCF size would.
import { readFileSync, rmSync } from 'node:fs';
import { FUNCTION_MEMORY_MB, HEADROOM, heapFlags, smallestSize } from '../deploy/memory.js';
import type { FunctionName } from '../functions/registry.js';
import { buildAll } from '../scripts/build.js';
import { scfNode } from '../scripts/scf-runtime.js';
import { type Reply, scfLayout, startWarmFunction } from '../test/support/scf-container.js';
import type { BenchResult } from './stats.js';

const WARM = 1000;

const peakMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function bareNodePeak(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(scfNode(), ['-e', 'setTimeout(() => {}, 300)']);
  await new Promise((r) => setTimeout(r, 200));
  const peak = peakMiB(child.pid!);
  child.kill();
  return peak;
}

/** The function's request, as the i-th warm one: signed uploads by the users in turn. */
function eventFor(event: object, i: number, sessions: Array<Record<string, string>>): object {
  const e = event as { path?: string; headers?: object };
  return e.path === '/album/uploads' ? { ...e, headers: sessions[i % sessions.length] } : event;
}

export async function memoryBenchmarks(requests: Record<FunctionName, object>): Promise<BenchResult[]> {
  await buildAll();
  const names = Object.keys(requests) as FunctionName[];
  const layout = scfLayout(names);
  const bare = await bareNodePeak();
  // Signed uploads are limited to 60 a minute per user: 20 users take turns.
  const { main_handler: login } = await import('../functions/login/index.js');
  const sessions: Array<Record<string, string>> = [];
  for (let u = 0; u < 20; u++) {
    const answer = await login(
      { httpMethod: 'POST', path: '/login', headers: {}, body: JSON.stringify({ code: `p4-${u}` }) },
      {},
    );
    const { uuid, skey } = JSON.parse(answer.body).data;
    sessions.push({ 'x-wx-id': uuid, 'x-wx-skey': skey });
  }
  const results: BenchResult[] = [];
  try {
    for (const name of names) {
      const size = FUNCTION_MEMORY_MB[name];
      const env = {
        ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !!e[1])),
        // As deployed: a COS bucket (signing needs no call to it).
        COS_BUCKET: 'bench-1250000000',
        COS_REGION: 'ap-guangzhou',
        COS_SECRET_ID: 'AKIDbench',
        COS_SECRET_KEY: 'bench-secret-key',
      };
      const fn = startWarmFunction(layout, name, env, heapFlags(size));
      try {
        for (let i = 0; i <= WARM; i++) {
          const reply = (await fn.invoke(eventFor(requests[name], i, sessions))) as Reply;
          if (reply.statusCode >= 400) throw new Error(`${name}: ${reply.statusCode} ${reply.body}`);
        }
        const peak = peakMiB(fn.pid);
        const round = (n: number) => Math.round(n * 10) / 10;
        results.push({
          id: `P4-${name}`,
          what: `peak RSS MiB of ${name} after a cold start and ${WARM} warm requests, Node 18.15, heap as a ${size} MB container gets it (baseline: a bare node's); deployed at ${size} MB, the smallest size with ${Math.round((HEADROOM - 1) * 100)}% headroom would be ${smallestSize(peak) ?? 'over 512'} MB`,
          value: round(peak),
          baseline: round(bare),
          ratio: round(peak / bare),
          target: size,
          ok: smallestSize(peak) === size,
        });
      } finally {
        fn.close();
      }
    }
    return results;
  } finally {
    rmSync(layout, { recursive: true, force: true });
  }
}
