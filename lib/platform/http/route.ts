// A route: method, path template, how it authenticates, its schemas, and the use case it runs.
// The body is parsed once; the session, body, query and path parameters are checked in that order.
import type { z } from 'zod';
import { type HttpError, InvalidInputError, InvalidSessionError, PayloadTooLargeError } from '../errors.js';
import { parseJsonBody } from './body.js';
import type { HttpRequest } from './event.js';
import type { RouteKey } from './router.js';

export type { RouteKey };

export type AuthMode = 'none' | 'session' | 'optional';

/** Where a request may carry its session: headers, the query string, or the JSON body. */
export interface CredentialSource {
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  body: unknown;
  /** The client's address as the platform saw it (the event's, never a header the client sends). */
  sourceIp: string;
}

/** The one way to authenticate: a session from its credentials, or ERR_INVALID_SESSION / EXPIRED. */
export type Authenticate<App, S> = (source: CredentialSource, app: App) => Promise<S>;

type SessionFor<A extends AuthMode, S> = A extends 'session'
  ? S
  : A extends 'optional'
    ? S | undefined
    : undefined;

export interface RouteContext<App, S, B, Q, P, A extends AuthMode> {
  request: HttpRequest;
  body: B;
  query: Q;
  params: P;
  session: SessionFor<A, S>;
  app: App;
}

export interface Reply {
  status?: number;
  data: unknown;
  headers?: Record<string, string>;
  /** Send `data` as the whole body, not inside {"ok": true, "data"}: for old SDKs' protocols. */
  raw?: boolean;
  /** Send this text as the whole body, as text/plain (WeChat's push handshake wants bare text). */
  text?: string;
}

export interface Route<App, S> extends RouteKey {
  auth: AuthMode;
  /** How this route shows a failure, when not as the contract's envelope (old SDKs' protocols). */
  render?: (error: HttpError) => Reply;
  run(
    request: HttpRequest,
    params: Record<string, string>,
    app: App,
    auth: Authenticate<App, S>,
  ): Promise<Reply>;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface RouteSpec<
  App,
  S,
  BS extends z.ZodType,
  QS extends z.ZodType,
  PS extends z.ZodType,
  A extends AuthMode,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  auth: A;
  bodyLimit?: number;
  /** The use case reads `request.body` itself (bytes, within `bodyLimit`): not parsed as JSON. */
  rawBody?: boolean;
  body?: BS;
  query?: QS;
  params?: PS;
  run(ctx: RouteContext<App, S, z.output<BS>, z.output<QS>, z.output<PS>, A>): Promise<Reply>;
  render?: (error: HttpError) => Reply;
  /** Started before the session check and not awaited: gets what `run` will need ready (on a cold
   * start, the MongoDB driver, connection and indexes) while Redis answers. Its failure is
   * ignored; `run` meets and reports it. */
  warm?: (app: App) => Promise<unknown>;
}

/** A `route` function for one application type and one session type. */
export function routesFor<App, S>() {
  return function route<
    A extends AuthMode,
    BS extends z.ZodType = z.ZodUnknown,
    QS extends z.ZodType = z.ZodUnknown,
    PS extends z.ZodType = z.ZodUnknown,
  >(spec: RouteSpec<App, S, BS, QS, PS, A>): Route<App, S> {
    return {
      method: spec.method,
      path: spec.path,
      auth: spec.auth,
      ...(spec.render ? { render: spec.render } : {}),
      async run(request, rawParams, app, authenticate) {
        spec.warm?.(app).catch(() => undefined);
        const limit = spec.bodyLimit ?? DEFAULT_BODY_LIMIT;
        if (spec.rawBody && request.body.length > limit) throw new PayloadTooLargeError(limit);
        const body = spec.rawBody ? undefined : parseJsonBody(request.body, limit);
        const session = await sessionFor(spec.auth, () =>
          authenticate(
            { headers: request.headers, query: request.query, body, sourceIp: request.sourceIp },
            app,
          ),
        );
        const ctx = {
          request,
          app,
          session,
          body: validate(spec.body, body, 'body'),
          query: validate(spec.query, request.query, 'query'),
          params: validate(spec.params, rawParams, 'path'),
        } as RouteContext<App, S, z.output<BS>, z.output<QS>, z.output<PS>, A>;
        return spec.run(ctx);
      },
    };
  };
}

async function sessionFor<S>(mode: AuthMode, authenticate: () => Promise<S>): Promise<S | undefined> {
  if (mode === 'none') return undefined;
  try {
    return await authenticate();
  } catch (err) {
    if (mode === 'optional' && err instanceof InvalidSessionError) return undefined;
    throw err;
  }
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  return schema ? parseInput(schema, value, where) : value;
}

/** The value as `schema` reads it, or ERR_INVALID_INPUT naming the first bad field (or `where`).
 * For use cases that must check who asks before they look at the input. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new InvalidInputError(`${field}: ${issue.message}`);
}
