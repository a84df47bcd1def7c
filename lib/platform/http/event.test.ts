// The event adapter: both SCF event shapes normalise to one request; results are integrated responses.
import { describe, expect, it } from 'vitest';
import { apiGatewayEvent, functionUrlEvent, scfContext } from '../../../test/support/events.js';
import { InvalidInputError } from '../errors.js';
import { toHttpRequest, toScfResult } from './event.js';

describe('toHttpRequest', () => {
  it('normalises an API Gateway event', () => {
    const event = apiGatewayEvent({
      method: 'post',
      path: '/auth',
      headers: { 'X-WX-Id': 'abc' },
      query: { limit: '5' },
      body: { a: 1 },
      sourceIp: '203.0.113.9',
    });
    const ctx = scfContext('auth');
    const req = toHttpRequest(event, ctx);
    expect(req).toMatchObject({
      method: 'POST',
      path: '/auth',
      query: { limit: '5' },
      sourceIp: '203.0.113.9',
      requestId: ctx.request_id,
    });
    expect(req.headers['x-wx-id']).toBe('abc');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body.toString())).toEqual({ a: 1 });
  });

  it('normalises a Function URL event, taking the client IP from x-scf-remote-addr', () => {
    const req = toHttpRequest(
      functionUrlEvent({ method: 'GET', path: '/album', query: { cursor: 'x' }, sourceIp: '198.51.100.7' }),
      { awsRequestId: 'mock-id' },
    );
    expect(req).toMatchObject({
      method: 'GET',
      path: '/album',
      query: { cursor: 'x' },
      sourceIp: '198.51.100.7',
      requestId: 'mock-id',
    });
    expect(req.body.length).toBe(0);
  });

  it('decodes base64 bodies exactly, including binary and 4-byte UTF-8', () => {
    const bytes = Buffer.from([0, 255, 128, ...Buffer.from('表情😀')]);
    const req = toHttpRequest(
      {
        ...functionUrlEvent({ method: 'POST', path: '/' }),
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      },
      {},
    );
    expect(req.body.equals(bytes)).toBe(true);
  });

  it('joins repeated headers, takes the first of repeated query values, and makes up a request id', () => {
    const req = toHttpRequest(
      {
        httpMethod: 'GET',
        path: '/',
        headers: { Accept: ['a', 'b'], accept: 'c' },
        queryStringParameters: { q: ['1', '2'] },
      },
      undefined,
    );
    expect(req.headers.accept).toBe('a, b, c');
    expect(req.query.q).toBe('1');
    expect(req.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.sourceIp).toBe('unknown');
  });

  it("reads the whole query of an API Gateway event from queryString: queryStringParameters holds only the declared ones (the documentation's sample)", () => {
    const req = toHttpRequest(
      {
        httpMethod: 'GET',
        path: '/wx/push',
        headers: {},
        queryString: { foo: 'bar', bob: 'alice' },
        queryStringParameters: { foo: 'bar' },
        requestContext: { sourceIp: '10.0.0.1' },
      },
      undefined,
    );
    expect({ ...req.query }).toEqual({ foo: 'bar', bob: 'alice' });
    const declaredOnly = toHttpRequest(
      { httpMethod: 'GET', path: '/', queryStringParameters: { a: '1' } },
      undefined,
    );
    expect({ ...declaredOnly.query }).toEqual({ a: '1' });
  });

  it.each([
    ['null', null],
    ['no path', { httpMethod: 'GET' }],
    ['a relative path', { httpMethod: 'GET', path: 'login' }],
    ['bad base64', { httpMethod: 'POST', path: '/', body: 'a$b', isBase64Encoded: true }],
  ])('rejects %s', (_name, event) => {
    expect(() => toHttpRequest(event, {})).toThrow(InvalidInputError);
  });
});

it('toScfResult builds the integrated response', () => {
  expect(toScfResult(201, { a: 'b' }, '{}')).toEqual({
    isBase64Encoded: false,
    statusCode: 201,
    headers: { a: 'b' },
    body: '{}',
  });
});

it('reads headers and parameters named like Object.prototype members as plain names', () => {
  const request = toHttpRequest(
    {
      httpMethod: 'GET',
      path: '/',
      headers: { constructor: 'x', __proto__: 'y' },
      queryString: { toString: 'z' },
    },
    { request_id: 'r' },
  );
  expect(request.headers.constructor).toBe('x');
  expect(request.query.toString).toBe('z');
  expect(request.query.constructor).toBeUndefined();
});
