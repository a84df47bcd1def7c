// One way to compose a function: adapt the event, route, run the route (body, session, schemas,
// use case), and map every error onto the contract's envelope; one JSON log line per request.
import { isScf } from '../config/index.js';
import { HttpError, InternalError, NotFoundError } from '../errors.js';
import { describeError, log } from '../log.js';
import { parseJsonBody } from './body.js';
import {
  type HttpRequest,
  requestIdOf,
  type ScfContext,
  type ScfHttpResult,
  toHttpRequest,
  toScfResult,
} from './event.js';
import { type Authenticate, DEFAULT_BODY_LIMIT, type Reply, type Route, type RouteKey } from './route.js';
import { compileRoutes, fitsTemplate } from './router.js';

export interface FunctionDeps<App, S> {
  /** The container's application (its stores and clients), built once on first use. */
  app(): App;
  authenticate: Authenticate<App, S>;
  /** Routes that do not exist for anyone `reveal` refuses (the moderation desk). */
  hidden?: HiddenRoutes<App, S> | undefined;
}

/** The routes under `prefix` answer a caller `reveal` refuses exactly as a path that does not
 * exist answers: the same 404 whatever the method, body or session, checked before the router,
 * the body and the session are read. */
export interface HiddenRoutes<App, S> {
  prefix: string;
  reveal(app: App, session: S): boolean;
}

export interface ScfFunction {
  routes: readonly RouteKey[];
  main_handler(event: unknown, context?: ScfContext): Promise<ScfHttpResult>;
}

interface Outcome {
  status: number;
  payload: unknown;
  /** A bare text body instead of the JSON payload. */
  text?: string | undefined;
  headers: Record<string, string>;
  failure: Record<string, unknown>;
}

function failed(err: unknown, requestId: string, render: ((e: HttpError) => Reply) | undefined): Outcome {
  const error = err instanceof HttpError ? err : new InternalError();
  const failure: Record<string, unknown> = { error: error.code };
  if (error.status >= 500)
    Object.assign(failure, describeError(err instanceof HttpError ? (err.cause ?? err) : err));
  const rendered = render?.(error);
  if (rendered) {
    return {
      status: rendered.status ?? error.status,
      headers: rendered.headers ?? error.headers,
      payload: rendered.data,
      failure,
    };
  }
  return {
    status: error.status,
    headers: error.headers,
    payload: { ok: false, error: error.code, message: error.message, requestId, ...error.body },
    failure,
  };
}

export function createFunction<App, S>(
  name: string,
  routes: readonly Route<App, S>[],
  deps: FunctionDeps<App, S>,
): ScfFunction {
  const match = compileRoutes(routes);
  const hidden = deps.hidden;
  const hiddenPaths = hidden ? routes.filter((r) => r.path.startsWith(hidden.prefix)).map((r) => r.path) : [];

  /** Whether the caller may see the hidden routes: any failure to tell (no session, an expired
   * one, a body that is not JSON, a store down) is a no. */
  async function revealed(request: HttpRequest): Promise<boolean> {
    if (!hidden) return true;
    const app = deps.app();
    try {
      let body: unknown;
      try {
        body = parseJsonBody(request.body, DEFAULT_BODY_LIMIT);
      } catch {
        body = undefined;
      }
      const session = await deps.authenticate(
        { headers: request.headers, query: request.query, body, sourceIp: request.sourceIp },
        app,
      );
      return hidden.reveal(app, session);
    } catch {
      return false;
    }
  }
  // On SCF a bad configuration fails the cold start itself, with a message naming the variable.
  if (isScf(process.env)) deps.app();

  async function main_handler(event: unknown, context?: ScfContext): Promise<ScfHttpResult> {
    const started = performance.now();
    const requestId = requestIdOf(context);
    let routeLabel = '-';
    let render: ((e: HttpError) => Reply) | undefined;
    let outcome: Outcome;
    try {
      const request = { ...toHttpRequest(event, context), requestId };
      routeLabel = request.method;
      if (hiddenPaths.some((p) => fitsTemplate(p, request.path)) && !(await revealed(request)))
        throw new NotFoundError(`no route for ${request.path}`);
      const { route, params } = match(request.method, request.path);
      routeLabel = `${route.method} ${route.path}`;
      render = route.render;
      const reply = await route.run(request, params, deps.app(), deps.authenticate);
      outcome = {
        status: reply.status ?? 200,
        payload: reply.raw ? reply.data : { ok: true, data: reply.data },
        headers:
          reply.text === undefined ? (reply.headers ?? {}) : { 'content-type': 'text/plain; charset=utf-8' },
        text: reply.text,
        failure: {},
      };
    } catch (err) {
      outcome = failed(err, requestId, render);
    }
    const { status, payload, text, headers, failure } = outcome;
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
      text ?? JSON.stringify(payload),
    );
  }

  return { routes, main_handler };
}
