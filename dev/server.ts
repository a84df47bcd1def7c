// The local dev server: one HTTP server in front of every function. Each request becomes a
// Function URL event for the function whose route table owns the path, invoked in process.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ScfFunction } from '@weapp-scf/layer';
import { FUNCTION_NAMES, type FunctionName, loadFunction } from '../functions/registry.js';
import { attachGame } from '../lib/features/game/attach.js';
import { compileRoutes } from '../lib/platform/http/router.js';
import { createLocalBucketHandler, type RequestHandler } from './local-bucket/http.js';
import { getRuntime, LOCAL_BUCKET_PATH, type LocalBucket } from '../lib/app/runtime.js';
import { servePlayground } from './playground.js';

/** SCF's limit for a synchronous invocation's request. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export interface DevServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startDevServer(port: number, host = '127.0.0.1'): Promise<DevServer> {
  const functions = new Map<FunctionName, ScfFunction>();
  for (const name of FUNCTION_NAMES) functions.set(name, await loadFunction(name));
  const owners = [...functions].flatMap(([name, fn]) =>
    fn.routes.map((r) => ({ method: 'ANY', path: r.path, name })),
  );
  const ownerOf = compileRoutes(owners);
  const fallback = functions.get(FUNCTION_NAMES[0])!;

  const pick = (path: string): [string, ScfFunction] => {
    try {
      const { route } = ownerOf('ANY', path);
      return [route.name, functions.get(route.name)!];
    } catch {
      return [FUNCTION_NAMES[0], fallback]; // its router answers the contract's 404
    }
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const bucket = url.startsWith(`${LOCAL_BUCKET_PATH}/`) ? localBucketHandler() : undefined;
    const answer = bucket
      ? bucket(req, res)
      : url.startsWith('/playground')
        ? servePlayground(req, res).then((served) => (served ? undefined : handle(req, res, pick)))
        : handle(req, res, pick);
    answer.catch((err: unknown) => {
      console.error('dev server failed to answer', err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: 'ERR_INTERNAL', message: 'internal error', requestId: '' }));
    });
  });
  const game = attachGame(server, (path) => path === '/game');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    // "localhost", as the local bucket's URLs say (PUBLIC_URL), so pages and uploads share an origin.
    url: `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`,
    close: async () => {
      await game.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// The local bucket of the current runtime (rebuilt when tests reset the runtime).
let bucketFor: { bucket: LocalBucket; handler: RequestHandler } | undefined;
function localBucketHandler(): RequestHandler | undefined {
  const bucket = getRuntime().localBucket;
  if (!bucket) return undefined;
  if (bucketFor?.bucket !== bucket) {
    bucketFor = { bucket, handler: createLocalBucketHandler({ ...bucket, keys: [bucket.keys] }) };
  }
  return bucketFor.handler;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  pick: (path: string) => [string, ScfFunction],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        ok: false,
        error: 'ERR_PAYLOAD_TOO_LARGE',
        message: 'request too large',
        requestId: '',
      }),
    );
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['x-scf-remote-addr'] = req.socket.remoteAddress ?? '127.0.0.1';
  const [name, fn] = pick(url.pathname);
  const result = await fn.main_handler(
    {
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      headers,
      queryString: Object.fromEntries(url.searchParams),
      body: body.toString('base64'),
      isBase64Encoded: true,
    },
    { request_id: randomUUID(), function_name: name },
  );
  res.writeHead(result.statusCode, result.headers);
  res.end(result.body);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
