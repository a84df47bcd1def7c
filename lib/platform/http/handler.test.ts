// The handler chain's error mapping, independent of any store.
import { describe, expect, it } from 'vitest';
import { createFunction, route } from './handler.js';
import { logLines } from '../../../test/setup.js';

const fn = createFunction('unit', [
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
]);

describe('createFunction', () => {
  it('turns an unexpected error into ERR_INTERNAL without any detail, and logs it without the password', async () => {
    const res = await fn.main_handler(
      { httpMethod: 'GET', path: '/boom', headers: {} },
      { request_id: 'req-boom' },
    );
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: 'ERR_INTERNAL',
      message: 'internal error',
      requestId: 'req-boom',
    });
    expect(res.headers['x-request-id']).toBe('req-boom');
    const line = JSON.parse(logLines.find((l) => l.includes('req-boom'))!);
    expect(line).toMatchObject({
      level: 'error',
      function: 'unit',
      route: 'GET /boom',
      status: 500,
      error: 'ERR_INTERNAL',
    });
    expect(typeof line.ms).toBe('number');
    expect(JSON.stringify(line)).not.toContain('pw-1234');
  });

  it('passes a route status through and logs one line per request', async () => {
    const before = logLines.length;
    const res = await fn.main_handler(
      { httpMethod: 'POST', path: '/created', headers: {} },
      { request_id: 'req-201' },
    );
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ ok: true, data: { id: 'x' } });
    expect(logLines.length).toBe(before + 1);
  });
});
