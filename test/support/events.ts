// The one fixture factory for SCF invocations: API Gateway and Function URL events, and an
// SCF-style context built on aws-lambda-mock-context.
import { randomUUID } from 'node:crypto';
import mockContext from 'aws-lambda-mock-context';
import type { ScfContext } from '../../lib/platform/http/event.js';
import { functionUrlEvent as toFunctionUrlEvent } from '../../lib/platform/http/node.js';

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  base64?: boolean;
  sourceIp?: string;
}

function bodyBytes(spec: RequestSpec): Buffer | undefined {
  if (spec.body === undefined) return undefined;
  return Buffer.isBuffer(spec.body)
    ? spec.body
    : Buffer.from(typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body), 'utf8');
}

function bodyText(spec: RequestSpec): { body: string | undefined; isBase64Encoded: boolean } {
  const raw = bodyBytes(spec);
  if (raw === undefined) return { body: undefined, isBase64Encoded: false };
  return spec.base64
    ? { body: raw.toString('base64'), isBase64Encoded: true }
    : { body: raw.toString('utf8'), isBase64Encoded: false };
}

/** API Gateway trigger (integrated response): mixed-case headers; as in the documentation's sample,
 * queryString is the whole query and queryStringParameters only what the API declares (none here). */
export function apiGatewayEvent(spec: RequestSpec): Record<string, unknown> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Host: 'service-x.gz.apigw.tencentcs.com',
  };
  for (const [k, v] of Object.entries(spec.headers ?? {}))
    headers[k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase())] = v;
  const { body, isBase64Encoded } = bodyText(spec);
  return {
    httpMethod: spec.method,
    path: spec.path,
    headers,
    queryString: spec.query ?? {},
    queryStringParameters: {},
    headerParameters: {},
    pathParameters: {},
    body,
    isBase64Encoded,
    requestContext: {
      serviceId: 'service-x',
      path: spec.path,
      httpMethod: spec.method,
      requestId: randomUUID(),
      identity: {},
      sourceIp: spec.sourceIp ?? '10.1.2.3',
      stage: 'release',
    },
  };
}

/** Function URL trigger, built by the same converter as the dev server's requests. */
export function functionUrlEvent(spec: RequestSpec): Record<string, unknown> {
  const raw = bodyBytes(spec);
  return toFunctionUrlEvent({
    method: spec.method,
    target: { path: spec.path, query: spec.query ?? {} },
    headers: { 'content-type': 'application/json', ...spec.headers },
    body: raw === undefined ? undefined : spec.base64 ? raw : raw.toString('utf8'),
    remoteAddress: spec.sourceIp ?? '10.1.2.3',
  });
}

export const eventShapes = [
  ['API Gateway', apiGatewayEvent],
  ['Function URL', functionUrlEvent],
] as const;

export type EventFactory = (spec: RequestSpec) => Record<string, unknown>;

/** aws-lambda-mock-context plus the fields SCF's Node.js runtime puts on context. */
export function scfContext(functionName: string): ScfContext & { succeed(result: unknown): void } {
  const ctx = mockContext({ functionName, timeout: 10, region: 'ap-guangzhou' });
  ctx.Promise.catch(() => {});
  const requestId = randomUUID();
  return Object.assign(ctx, {
    request_id: requestId,
    function_name: functionName,
    function_version: '$LATEST',
    namespace: 'default',
    memory_limit_in_mb: 256,
    time_limit_in_ms: 10_000,
    tencentcloud_region: 'ap-guangzhou',
    tencentcloud_appid: '1250000000',
    tencentcloud_uin: '100000000001',
  });
}
