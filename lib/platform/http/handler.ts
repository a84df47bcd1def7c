// One way to compose a function: adapt the event, route, parse the body, authenticate, validate,
// run, and map every error onto the contract's envelope; one JSON log line per request.
import type { z } from 'zod';
import { readCredentials } from '../../features/auth/credentials.js';
import type { AuthContext } from '../../features/auth/sessions.js';
import { isScf } from '../config/index.js';
import { getRuntime, type Runtime } from '../../app/runtime.js';
import { parseJsonBody } from './body.js';
import { HttpError, InternalError, InvalidInputError, InvalidSessionError } from '../errors.js';
import {
  type HttpRequest,
  requestIdOf,
  type ScfContext,
  type ScfHttpResult,
  toHttpRequest,
  toScfResult,
} from './event.js';
import { describeError, log } from '../log.js';
import { compileRoutes } from './router.js';

export type AuthMode = 'none' | 'session' | 'optional';

type SessionFor<A extends AuthMode> = A extends 'session'
  ? AuthContext
  : A extends 'optional'
    ? AuthContext | undefined
    : undefined;

export interface RouteContext<B, Q, P, A extends AuthMode> {
  request: HttpRequest;
  body: B;
  query: Q;
  params: P;
  session: SessionFor<A>;
  runtime: Runtime;
}

export interface Reply {
  status?: number;
  data: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  path: string;
  auth: AuthMode;
  run(request: HttpRequest, params: Record<string, string>, runtime: Runtime): Promise<Reply>;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

interface RouteSpec<BS extends z.ZodType, QS extends z.ZodType, PS extends z.ZodType, A extends AuthMode> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  auth: A;
  bodyLimit?: number;
  body?: BS;
  query?: QS;
  params?: PS;
  run(ctx: RouteContext<z.output<BS>, z.output<QS>, z.output<PS>, A>): Promise<Reply>;
}

/** Declares a route: its schemas are applied in order (body, session, body/query/params schemas). */
export function route<
  A extends AuthMode,
  BS extends z.ZodType = z.ZodUnknown,
  QS extends z.ZodType = z.ZodUnknown,
  PS extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<BS, QS, PS, A>): Route {
  return {
    method: spec.method,
    path: spec.path,
    auth: spec.auth,
    async run(request, rawParams, runtime) {
      const json = parseJsonBody(request.body, spec.bodyLimit ?? DEFAULT_BODY_LIMIT);
      const session = await authenticate(spec.auth, request, json, runtime);
      const ctx = {
        request,
        runtime,
        session,
        body: validate(spec.body, json, 'body'),
        query: validate(spec.query, request.query, 'query'),
        params: validate(spec.params, rawParams, 'path'),
      } as RouteContext<z.output<BS>, z.output<QS>, z.output<PS>, A>;
      return spec.run(ctx);
    },
  };
}

async function authenticate(mode: AuthMode, request: HttpRequest, json: unknown, rt: Runtime) {
  if (mode === 'none') return undefined;
  try {
    return await rt.sessions.authenticate(readCredentials(request, json));
  } catch (err) {
    if (mode === 'optional' && err instanceof InvalidSessionError) return undefined;
    throw err;
  }
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new InvalidInputError(`${field}: ${issue.message}`);
}

export interface ScfFunction {
  routes: readonly Route[];
  main_handler(event: unknown, context?: ScfContext): Promise<ScfHttpResult>;
}

export function createFunction(name: string, routes: readonly Route[]): ScfFunction {
  const match = compileRoutes(routes);
  // On SCF a bad configuration fails the cold start itself, with a message naming the variable.
  if (isScf(process.env)) getRuntime();

  async function main_handler(event: unknown, context?: ScfContext): Promise<ScfHttpResult> {
    const started = performance.now();
    const requestId = requestIdOf(context);
    let routeLabel = '-';
    let status: number;
    let payload: unknown;
    let headers: Record<string, string> = {};
    let failure: Record<string, unknown> = {};
    try {
      const request = { ...toHttpRequest(event, context), requestId };
      routeLabel = request.method;
      const { route: matched, params } = match(request.method, request.path);
      routeLabel = `${matched.method} ${matched.path}`;
      const reply = await matched.run(request, params, getRuntime());
      status = reply.status ?? 200;
      payload = { ok: true, data: reply.data };
      headers = reply.headers ?? {};
    } catch (err) {
      const error = err instanceof HttpError ? err : new InternalError();
      failure = { error: error.code };
      if (error.status >= 500)
        Object.assign(failure, describeError(err instanceof HttpError ? (err.cause ?? err) : err));
      status = error.status;
      headers = error.headers;
      payload = { ok: false, error: error.code, message: error.message, requestId };
    }
    log(status >= 500 ? 'error' : 'info', 'request', {
      requestId,
      function: name,
      route: routeLabel,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...failure,
    });
    return toScfResult(
      status,
      {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': requestId,
        ...headers,
      },
      JSON.stringify(payload),
    );
  }

  return { routes, main_handler };
}
