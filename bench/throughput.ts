// P4: throughput of POST /auth through the local HTTP server (autocannon, loopback, 10 connections,
// bounded duration). No target yet, but no errors and no non-2xx answers.
import autocannon from 'autocannon';
import { startDevServer } from '../dev/server.js';
import type { BenchResult } from './stats.js';

export async function throughputBenchmarks(seconds: number): Promise<BenchResult[]> {
  const dev = await startDevServer(0);
  try {
    const login = (await (
      await fetch(`${dev.url}/login`, { method: 'POST', body: JSON.stringify({ code: 'bench-throughput' }) })
    ).json()) as {
      data: { uuid: string; skey: string };
    };
    const result = await autocannon({
      url: `${dev.url}/auth`,
      method: 'POST',
      headers: { 'x-wx-id': login.data.uuid, 'x-wx-skey': login.data.skey },
      connections: 10,
      duration: seconds,
    });
    const failures = result.errors + result.timeouts + result.non2xx;
    return [
      {
        id: 'P4-rps',
        what: `POST /auth through the dev server, req/s (no target; ok = no errors, ${failures} failures)`,
        value: result.requests.average,
        baseline: 0,
        ratio: 0,
        target: 0,
        ok: failures === 0,
      },
      {
        id: 'P4-p99',
        what: 'POST /auth through the dev server, p99 latency ms (no target)',
        value: result.latency.p99,
        baseline: 0,
        ratio: 0,
        target: 0,
        ok: failures === 0,
      },
    ];
  } finally {
    await dev.close();
  }
}
