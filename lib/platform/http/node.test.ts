import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toHttpRequest } from './event.js';
import { flattenHeaders, functionUrlEvent, parseTarget, readBody } from './node.js';

describe('parseTarget', () => {
  it('reads the path and the query of an origin-form target', () => {
    const target = parseTarget('/videos/x/comments?limit=5&cursor=a%20b&limit=6');
    expect(target).toMatchObject({ path: '/videos/x/comments', query: { limit: '5', cursor: 'a b' } });
    expect(target?.params.getAll('limit')).toEqual(['5', '6']);
  });

  it.each([undefined, '', 'http://[/', 'http://evil.example/login', '*', 'login'])(
    'refuses %j: not a path',
    (target) => {
      expect(parseTarget(target)).toBeNull();
    },
  );
});

describe('flattenHeaders', () => {
  it('joins repeated values and drops missing ones', () => {
    expect(flattenHeaders({ 'x-a': ['1', '2'], 'x-b': 'b', 'x-c': undefined })).toEqual({
      'x-a': '1, 2',
      'x-b': 'b',
    });
  });
});

describe('functionUrlEvent', () => {
  it('is what the event adapter reads as the same request, bytes intact', () => {
    const body = Buffer.from([0xff, 0x00, 0x7b]);
    const event = functionUrlEvent({
      method: 'POST',
      target: { path: '/drawings', query: { a: '1' } },
      headers: { 'X-WX-Id': 'u' },
      body,
      remoteAddress: '10.0.0.9',
    });
    const request = toHttpRequest(event, { request_id: 'r' });
    expect(request).toMatchObject({
      method: 'POST',
      path: '/drawings',
      query: { a: '1' },
      headers: { 'x-wx-id': 'u', 'x-scf-remote-addr': '10.0.0.9' },
      sourceIp: '10.0.0.9',
    });
    expect(request.body.equals(body)).toBe(true);
  });

  it('sends text bodies as text', () => {
    const event = functionUrlEvent({
      method: 'POST',
      target: { path: '/', query: {} },
      headers: {},
      body: '{"a":1}',
    });
    expect(event.body).toBe('{"a":1}');
    expect(event.isBase64Encoded).toBeUndefined();
  });
});

describe('readBody', () => {
  const stream = (chunks: string[]) => {
    const s = new PassThrough();
    for (const c of chunks) s.write(c);
    s.end();
    return s as unknown as IncomingMessage;
  };

  it('reads a body up to the limit', async () => {
    expect((await readBody(stream(['ab', 'cd']), 4))?.toString()).toBe('abcd');
  });

  it('answers null past the limit and keeps nothing', async () => {
    expect(await readBody(stream(['abc', 'de']), 4)).toBeNull();
  });
});
