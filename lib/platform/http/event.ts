// The one event adapter: SCF API Gateway events and Function URL events in, one typed request out;
// a typed reply back out as SCF's integrated response. Nothing else reads raw event fields.
import { randomUUID } from 'node:crypto';
import { InvalidInputError, PayloadTooLargeError } from '../errors.js';
import { decodeStrictBase64 } from './base64.js';

/** API Gateway style and Function URL style share these fields; the adapter accepts either. */
export interface ScfHttpEvent {
  httpMethod?: unknown;
  path?: unknown;
  headers?: unknown;
  queryString?: unknown;
  queryStringParameters?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
  requestContext?: { sourceIp?: unknown; requestId?: unknown } | null;
}

/** SCF's context (`request_id`, `function_name`, ...) or a mock context (`awsRequestId`). */
export interface ScfContext {
  request_id?: string;
  awsRequestId?: string;
  function_name?: string;
  [key: string]: unknown;
}

export interface HttpRequest {
  method: string;
  path: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** The body bytes, already decoded from base64 when the event says so. */
  body: Buffer;
  sourceIp: string;
  requestId: string;
}

export interface ScfHttpResult {
  isBase64Encoded: false;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** SCF's own limit for a synchronous invocation's request; a bigger body is refused before decoding. */
export const EVENT_BODY_LIMIT = 6 * 1024 * 1024;

export function requestIdOf(context: ScfContext | undefined): string {
  const id = context?.request_id ?? context?.awsRequestId;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : randomUUID();
}

export function toHttpRequest(event: unknown, context: ScfContext | undefined): HttpRequest {
  const requestId = requestIdOf(context);
  if (typeof event !== 'object' || event === null) throw new InvalidInputError('event is not an HTTP event');
  const e = event as ScfHttpEvent;
  if (typeof e.httpMethod !== 'string' || typeof e.path !== 'string' || !e.path.startsWith('/')) {
    throw new InvalidInputError('event is not an HTTP event (httpMethod and path are required)');
  }
  const headers = normaliseHeaders(e.headers);
  return {
    method: e.httpMethod.toUpperCase(),
    path: e.path,
    headers,
    // queryString is the whole query; queryStringParameters holds only what the API declares.
    query: normaliseQuery(e.queryStringParameters, e.queryString),
    body: decodeBody(e.body, e.isBase64Encoded === true),
    sourceIp: sourceIpOf(e, headers),
    requestId,
  };
}

export function toScfResult(status: number, headers: Record<string, string>, body: string): ScfHttpResult {
  return { isBase64Encoded: false, statusCode: status, headers, body };
}

/** Objects without a prototype: a header or parameter named `__proto__` or `constructor` is just a name. */
const table = (): Record<string, string> => Object.create(null);

function normaliseHeaders(raw: unknown): Record<string, string> {
  const out = table();
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [name, value] of Object.entries(raw)) {
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.map(String).join(', ') : value == null ? '' : String(value);
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  }
  return out;
}

/** The query from its sources, later ones winning. */
function normaliseQuery(...sources: unknown[]): Record<string, string> {
  const out = table();
  for (const raw of sources) {
    if (typeof raw !== 'object' || raw === null) continue;
    for (const [name, value] of Object.entries(raw)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (first != null) out[name] = String(first);
    }
  }
  return out;
}

function decodeBody(raw: unknown, base64: boolean): Buffer {
  if (raw == null || raw === '') return Buffer.alloc(0);
  if (typeof raw !== 'string') {
    // Some invokers hand over an already-parsed JSON body; keep its meaning.
    return Buffer.from(JSON.stringify(raw), 'utf8');
  }
  // Checked on the text's length, before any work: base64 is 4 characters for 3 bytes.
  const limit = base64 ? Math.ceil(EVENT_BODY_LIMIT / 3) * 4 + 4096 : EVENT_BODY_LIMIT;
  if (raw.length > limit) throw new PayloadTooLargeError(EVENT_BODY_LIMIT);
  return base64 ? decodeStrictBase64(raw) : Buffer.from(raw, 'utf8');
}

function sourceIpOf(e: ScfHttpEvent, headers: Record<string, string>): string {
  const fromGateway = e.requestContext?.sourceIp;
  if (typeof fromGateway === 'string' && fromGateway.length > 0) return fromGateway;
  return headers['x-scf-remote-addr'] || 'unknown';
}
