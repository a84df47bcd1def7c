// The dev server in process on a free port, with the runtime pointed at it (its local bucket's
// URLs must name the port), plus a small JSON client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevServer, startDevServer } from '../../dev/server.js';
import { configure } from './runtime.js';

export interface Dev {
  url: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: JSON from the API
  ): Promise<{ status: number; headers: Headers; json: any }>;
  close(): Promise<void>;
}

export async function startDev(env: Record<string, string | undefined>): Promise<Dev> {
  const server: DevServer = await startDevServer(0);
  const bucketDir = mkdtempSync(join(tmpdir(), 'weapp-scf-dev-bucket-'));
  await configure({ PUBLIC_URL: server.url, LOCAL_BUCKET_DIR: bucketDir, ...env });
  return {
    url: server.url,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, json: await res.json() };
    },
    async close() {
      await server.close();
      rmSync(bucketDir, { recursive: true, force: true });
    },
  };
}
