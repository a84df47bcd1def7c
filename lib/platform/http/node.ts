// Node's HTTP server meets the event adapter here: headers flattened, bodies read with a limit, and
// an IncomingMessage turned into a Function URL event. Used by the dev server, the game's upgrade
// and the tests, so all of them build requests the way SCF's Function URLs do.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Header names as Node gives them (lower case); repeated values joined with ", ". */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The body, or null once it passes `limitBytes` (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limitBytes ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface RequestTarget {
  path: string;
  /** The first value of each parameter. */
  query: Record<string, string>;
  params: URLSearchParams;
}

/** The path and query of a request target; null when it is not a path (absolute-form, garbage). */
export function parseTarget(target: string | undefined): RequestTarget | null {
  if (!target?.startsWith('/')) return null;
  try {
    const url = new URL(target, 'http://localhost');
    const query: Record<string, string> = Object.create(null);
    for (const [name, value] of url.searchParams) if (!Object.hasOwn(query, name)) query[name] = value;
    return { path: url.pathname, query, params: url.searchParams };
  } catch {
    return null;
  }
}

export interface FunctionUrlEventInput {
  method: string;
  target: Pick<RequestTarget, 'path' | 'query'>;
  headers: Record<string, string>;
  body?: Buffer | string | undefined;
  remoteAddress?: string | undefined;
}

/** A Function URL trigger event: lower-case headers, the client IP in x-scf-remote-addr. */
export function functionUrlEvent(input: FunctionUrlEventInput): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  headers['x-scf-remote-addr'] = input.remoteAddress ?? headers['x-scf-remote-addr'] ?? '127.0.0.1';
  const binary = Buffer.isBuffer(input.body);
  return {
    httpMethod: input.method,
    path: input.target.path,
    headers,
    queryString: input.target.query,
    body: binary ? (input.body as Buffer).toString('base64') : input.body,
    ...(binary ? { isBase64Encoded: true } : {}),
  };
}
