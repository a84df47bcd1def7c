// The local dev server: one HTTP server in front of every function. Each request becomes a
// Function URL event for the function whose route table owns the path, invoked in process.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { attachGame, type ScfFunction } from '@weapp-scf/layer';
import {
  COS_FUNCTION_NAMES,
  FUNCTION_NAMES,
  type FunctionName,
  loadCosFunction,
  loadFunction,
} from '../functions/registry.js';
import { getApp } from '../lib/app/container.js';
import { objectCreatedEvent } from '../lib/platform/http/cos-trigger.js';
import { flattenHeaders, functionUrlEvent, parseTarget, readBody } from '../lib/platform/http/node.js';
import { compileRoutes } from '../lib/platform/http/router.js';
import { describeError, log } from '../lib/platform/log.js';
import { serveDocs } from './docs.js';
import { currentLocalBucket, LOCAL_BUCKET_PATH, type LocalBucket, useDevParts } from './embedded.js';
import { type RouteLine, sendIndex } from './index-page.js';
import { createLocalBucketHandler, type RequestHandler } from './local-bucket/http.js';
import { servePlayground } from './playground.js';
import { urlFor } from './url.js';

/** SCF's limit for a synchronous invocation's request. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export interface DevServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The dev server's own error answers, in the contract's shape, with the request's id. */
function sendError(res: ServerResponse, status: number, error: string, message: string): void {
  const requestId = String(res.getHeader('x-request-id') ?? '');
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ ok: false, error, message, requestId }));
}

export async function startDevServer(port: number, host = '127.0.0.1'): Promise<DevServer> {
  useDevParts();
  const functions = new Map<FunctionName, ScfFunction>();
  for (const name of FUNCTION_NAMES) functions.set(name, await loadFunction(name));
  const cosFunctions = await Promise.all(COS_FUNCTION_NAMES.map(loadCosFunction));
  // The local bucket raises COS's ObjectCreated event, as a COS trigger would (not awaited: the
  // upload's answer does not wait for the check, and a failure is logged by the function).
  onObjectCreated = (bucket, key, size) => {
    const event = objectCreatedEvent(bucket, 'local', key, size);
    for (const fn of cosFunctions)
      void fn.main_handler(event, { request_id: randomUUID() }).catch(() => undefined);
  };
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

  const index: RouteLine[] = [...functions].flatMap(([name, fn]) =>
    fn.routes.map((r) => ({ method: r.method, path: r.path, name })),
  );
  index.push({ method: 'GET (WebSocket)', path: '/game', name: 'game' });

  const server = createServer((req, res) => {
    // Every answer carries its id: the functions', the playground's, the bucket's and our own.
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = req.url ?? '/';
    const bucket = url.startsWith(`${LOCAL_BUCKET_PATH}/`) ? localBucketHandler() : undefined;
    const isIndex = (url === '/' || url.startsWith('/?')) && (req.method === 'GET' || req.method === 'HEAD');
    const answer = bucket
      ? bucket(req, res)
      : isIndex
        ? Promise.resolve(sendIndex(res, index, req.method === 'HEAD'))
        : url.startsWith('/docs/')
          ? serveDocs(url.split('?')[0]!, res).then(() => undefined)
          : url.startsWith('/playground')
            ? servePlayground(req, res).then((served) =>
                served ? undefined : handle(req, res, pick, requestId),
              )
            : handle(req, res, pick, requestId);
    answer.catch((err: unknown) => {
      // A class and a code, never the raw request target or a stack with client data in it.
      log('error', 'dev server failed to answer', describeError(err));
      sendError(res, 500, 'ERR_INTERNAL', 'internal error');
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
    url: urlFor(host, actualPort),
    close: async () => {
      await game.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// The local bucket of the current app (rebuilt when tests drop the app).
let bucketFor: { bucket: LocalBucket; handler: RequestHandler } | undefined;
let onObjectCreated: (bucket: string, key: string, size: number) => void = () => undefined;
function localBucketHandler(): RequestHandler | undefined {
  getApp();
  const bucket = currentLocalBucket();
  if (!bucket) return undefined;
  if (bucketFor?.bucket !== bucket) {
    const handler = createLocalBucketHandler({
      ...bucket,
      keys: [bucket.keys],
      onCreated: (key, size) => onObjectCreated(bucket.bucket, key, size),
    });
    bucketFor = { bucket, handler };
  }
  return bucketFor.handler;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  pick: (path: string) => [string, ScfFunction],
  requestId: string,
): Promise<void> {
  const target = parseTarget(req.url);
  if (!target) return sendError(res, 400, 'ERR_INVALID_INPUT', 'the request target must be a path');
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (body === null) return sendError(res, 413, 'ERR_PAYLOAD_TOO_LARGE', 'request too large');
  const [name, fn] = pick(target.path);
  const event = functionUrlEvent({
    method: req.method ?? 'GET',
    target,
    headers: flattenHeaders(req.headers),
    body,
    remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
  });
  const result = await fn.main_handler(event, { request_id: requestId, function_name: name });
  res.writeHead(result.statusCode, result.headers);
  res.end(result.body);
}
