// The handler chain with a fake app and a fake authenticate step: error mapping, logging, and the
// three auth modes, with no store anywhere.
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidSessionError } from '../errors.js';
import { setLogSink } from '../log.js';
import { createFunction } from './handler.js';
import { type Authenticate, routesFor } from './route.js';

const lines: string[] = [];
setLogSink((line) => lines.push(line));
afterEach(() => {
  lines.length = 0;
});

interface FakeApp {
  greeting: string;
}
const route = routesFor<FakeApp, { user: string }>();
const authenticate: Authenticate<FakeApp, { user: string }> = async ({ headers }) => {
  if (headers['x-user']) return { user: headers['x-user'] };
  throw new InvalidSessionError();
};

const fn = createFunction(
  'unit',
  [
    route({
      method: 'GET',
      path: '/boom',
      auth: 'none',
      run: async () => {
        throw new Error('driver said: mongodb://admin:pw-1234@db/ is down at /srv/app.js:12');
      },
    }),
    route({
      method: 'POST',
      path: '/created',
      auth: 'none',
      run: async () => ({ status: 201, data: { id: 'x' } }),
    }),
    route({
      method: 'GET',
      path: '/me',
      auth: 'session',
      run: async ({ app, session }) => ({ data: `${app.greeting} ${session.user}` }),
    }),
    route({
      method: 'GET',
      path: '/text',
      auth: 'none',
      run: async () => ({ data: null, text: 'echo-1234' }),
    }),
    route({
      method: 'GET',
      path: '/maybe',
      auth: 'optional',
      run: async ({ session }) => ({ data: session?.user ?? null }),
    }),
  ],
  { app: () => ({ greeting: 'hi' }), authenticate },
);

const get = (path: string, headers: Record<string, string> = {}) =>
  fn.main_handler({ httpMethod: 'GET', path, headers }, { request_id: `req-${path}` });

describe('createFunction', () => {
  it('turns an unexpected error into ERR_INTERNAL without any detail, and logs it without the password', async () => {
    const res = await get('/boom');
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: 'ERR_INTERNAL',
      message: 'internal error',
      requestId: 'req-/boom',
    });
    expect(res.headers['x-request-id']).toBe('req-/boom');
    const line = JSON.parse(lines.find((l) => l.includes('req-/boom'))!);
    expect(line).toMatchObject({ level: 'error', function: 'unit', route: 'GET /boom', status: 500 });
    expect(typeof line.ms).toBe('number');
    expect(JSON.stringify(line)).not.toContain('pw-1234');
  });

  it('passes a route status through and logs one line per request', async () => {
    const res = await fn.main_handler(
      { httpMethod: 'POST', path: '/created', headers: {} },
      { request_id: 'r' },
    );
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ ok: true, data: { id: 'x' } });
    expect(lines).toHaveLength(1);
  });

  it('sends a text reply bare, as text/plain', async () => {
    const res = await get('/text');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('echo-1234');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('hands a session route the app and the session from the authenticate step', async () => {
    expect(JSON.parse((await get('/me', { 'X-User': 'ann' })).body)).toEqual({ ok: true, data: 'hi ann' });
    const refused = await get('/me');
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body).error).toBe('ERR_INVALID_SESSION');
  });

  it('runs an optional route without a session when authentication fails', async () => {
    expect(JSON.parse((await get('/maybe')).body).data).toBeNull();
    expect(JSON.parse((await get('/maybe', { 'x-user': 'bo' })).body).data).toBe('bo');
  });
});

describe("a route's warm-up", () => {
  it('starts before the session check, is not awaited, and its failure does not fail the request', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const warmFn = createFunction(
      'warm',
      [
        route({
          method: 'GET',
          path: '/w',
          auth: 'session',
          warm: async () => {
            order.push('warm started');
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            order.push('warm done');
            throw new Error('MongoDB away');
          },
          run: async ({ session }) => {
            order.push('run');
            return { data: session.user };
          },
        }),
      ],
      {
        app: () => ({ greeting: 'hi' }),
        authenticate: async (source, app) => {
          order.push('authenticate');
          return authenticate(source, app);
        },
      },
    );
    const res = await warmFn.main_handler({ httpMethod: 'GET', path: '/w', headers: { 'x-user': 'ann' } });
    expect(res.statusCode).toBe(200);
    expect(order).toEqual(['warm started', 'authenticate', 'run']);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order.at(-1)).toBe('warm done');
  });
});
