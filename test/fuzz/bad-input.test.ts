// Property tests: for every route, 500 generated malformed events (random methods, hostile paths,
// random and huge headers, garbage and hostile bodies, invalid queries, missing or garbage session
// credentials), in both event shapes. Every answer is a contract 4xx, never a 5xx, and a snapshot of
// Redis and MongoDB taken before and after a route's run shows nothing was written.
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as albumCheck from '../../functions/album-check/index.js';
import * as album from '../../functions/album-sign-upload/index.js';
import * as auth from '../../functions/auth/index.js';
import * as comments from '../../functions/comments/index.js';
import * as draw from '../../functions/draw-save/index.js';
import * as loginFn from '../../functions/login/index.js';
import * as push from '../../functions/wx-push/index.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import type { ScfFunction } from '../../lib/platform/http/handler.js';
import { compileRoutes } from '../../lib/platform/http/router.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { loginAs } from '../support/login.js';
import { keysMatching, testRedis } from '../support/redis.js';
import { configure, wechatEnv } from '../support/runtime.js';

const RUNS = 500;
const CONTRACT = {
  400: ['ERR_INVALID_INPUT', 'ERR_UNKNOWN_APP', 'ERR_DECRYPT_FAILED'],
  401: ['ERR_INVALID_SESSION', 'ERR_SESSION_EXPIRED', 'ERR_INVALID_CODE', 'ERR_UNTRUSTED_RAW_DATA'],
  403: ['ERR_FORBIDDEN', 'ERR_USER_BLOCKED'],
  404: ['ERR_NOT_FOUND'],
  405: ['ERR_METHOD_NOT_ALLOWED'],
  413: ['ERR_PAYLOAD_TOO_LARGE'],
} as Record<number, string[]>;

interface RouteUnderTest {
  fn: ScfFunction;
  method: string;
  path: string;
  auth: 'none' | 'session' | 'optional';
  /** GET routes answerable without a session always get an invalid query, so no case is valid. */
  needsBadQuery?: boolean;
  /** The push receiver counts refusals per source (one source here): past its limit, 429. */
  limitsRefusals?: boolean;
}

const ROUTES: RouteUnderTest[] = [
  { fn: loginFn, method: 'POST', path: '/login', auth: 'none' },
  { fn: auth, method: 'POST', path: '/auth', auth: 'session' },
  { fn: auth, method: 'POST', path: '/logout', auth: 'session' },
  { fn: auth, method: 'POST', path: '/profile', auth: 'session' },
  { fn: album, method: 'POST', path: '/album/uploads', auth: 'session' },
  { fn: album, method: 'POST', path: '/album/credentials', auth: 'session' },
  { fn: album, method: 'GET', path: '/album', auth: 'session' },
  { fn: album, method: 'DELETE', path: '/album/zzzzzzzzz-aaaaaaaaaaaaaaaa.png', auth: 'session' },
  { fn: draw, method: 'POST', path: '/drawings', auth: 'session' },
  { fn: draw, method: 'GET', path: '/drawings', auth: 'session' },
  { fn: draw, method: 'GET', path: '/drawings/some-drawing-id', auth: 'session' },
  { fn: draw, method: 'DELETE', path: '/drawings/some-drawing-id', auth: 'session' },
  { fn: comments, method: 'GET', path: '/videos', auth: 'none', needsBadQuery: true },
  { fn: comments, method: 'GET', path: '/videos/sintel/comments', auth: 'optional', needsBadQuery: true },
  { fn: comments, method: 'POST', path: '/videos/sintel/comments', auth: 'session' },
  { fn: comments, method: 'DELETE', path: '/videos/sintel/comments/aaaaaaaaaaaaaaaa', auth: 'session' },
  { fn: auth, method: 'POST', path: '/phone', auth: 'session' },
  { fn: auth, method: 'GET', path: '/phone', auth: 'session' },
  { fn: auth, method: 'DELETE', path: '/phone', auth: 'session' },
  { fn: auth, method: 'GET', path: '/me/export', auth: 'session' },
  { fn: auth, method: 'DELETE', path: '/me', auth: 'session' },
  // The moderation desk: to anyone without a moderator's session, 404 whatever is sent.
  { fn: comments, method: 'GET', path: '/admin/comments', auth: 'optional' },
  { fn: comments, method: 'PATCH', path: '/admin/comments/aaaaaaaaaaaaaaaa', auth: 'optional' },
  { fn: comments, method: 'DELETE', path: '/admin/comments/aaaaaaaaaaaaaaaa', auth: 'optional' },
  { fn: comments, method: 'POST', path: '/admin/videos', auth: 'optional' },
  { fn: comments, method: 'PUT', path: '/admin/videos/sintel', auth: 'optional' },
  { fn: comments, method: 'GET', path: '/admin/audit', auth: 'optional' },
  { fn: comments, method: 'GET', path: '/admin/images', auth: 'optional' },
  { fn: comments, method: 'PATCH', path: '/admin/images/zzzzzzzzz-aaaaaaaaaaaaaaaa.png', auth: 'optional' },
  { fn: comments, method: 'PUT', path: '/admin/images/zzzzzzzzz-aaaaaaaaaaaaaaaa.png', auth: 'optional' },
  { fn: comments, method: 'PUT', path: '/admin/comments/aaaaaaaaaaaaaaaa', auth: 'optional' },
  { fn: comments, method: 'PATCH', path: '/admin/videos/sintel', auth: 'optional' },
  { fn: comments, method: 'DELETE', path: '/admin/videos/sintel', auth: 'optional' },
  { fn: push, method: 'GET', path: '/wx/push', auth: 'none', limitsRefusals: true },
  { fn: push, method: 'POST', path: '/wx/push', auth: 'none', limitsRefusals: true },
];

// ---- generators -------------------------------------------------------------------------------

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'];
const big = (n: number) => fc.constantFrom('x', '中', '%', '\u0000', '😀').map((c) => c.repeat(n));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), big(10_240), fc.constant(''));

const hostilePath = (path: string) =>
  fc.oneof(
    fc.constant(`${path}/..`),
    fc.constant(`${path}/%2F..%2F..`),
    fc.constant(`/..${path}`),
    fc.constant(`${path}%2F`),
    fc.constant(`/%2E%2E${path}`),
    fc.constant(`/${path}`),
    fc.constant(`${path}//x`),
    fc.constant(`${path}/%ZZ`),
    fc.constant(path.replace(/[a-z]/, 'X')),
    fc.string({ unit: 'grapheme', minLength: 1 }).map((s) => `${path}/${encodeURIComponent(s)}/${s}`),
    big(5000).map((s) => `${path}/${encodeURIComponent(s)}`),
  );

const garbageCredentials = fc.oneof(
  fc.constant({}),
  fc.record({ 'x-wx-id': anyText, 'x-wx-skey': anyText }),
  fc.record({ 'x-wx-id': fc.uuid(), 'x-wx-skey': fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
  fc.record({ 'X-WX-ID': fc.uuid() }),
);

const randomHeaders = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,30}$/).filter((h) => !/^x-wx-(code|id|skey)$/i.test(h)),
  fc.oneof(fc.string(), big(10_240), fc.array(fc.string(), { maxLength: 3 })),
  { maxKeys: 6 },
);

const operatorObject = fc
  .dictionary(fc.constantFrom('$gt', '$ne', '$where', '$regex', '$in', '$expr'), fc.jsonValue(), {
    minKeys: 1,
    maxKeys: 2,
  })
  .map((op) => ({
    code: op,
    content: op,
    id: op,
    actions: [op],
    uuid: op,
    skey: op,
    nickName: op,
    contentType: op,
  }));

const nested = fc.integer({ min: 33, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** A JSON value that can never be a valid login (no usable string `code`). */
const notALogin = fc
  .jsonValue()
  .filter(
    (v) =>
      !(
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        typeof (v as { code?: unknown }).code === 'string'
      ),
  );

const garbageBody = fc.oneof(
  anyText.map((raw) => ({ raw, base64: false })),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((b) => ({ raw: Buffer.from([0xff, 0xfe, ...b]).toString('base64'), base64: true })),
  fc.string({ minLength: 1 }).map((s) => ({ raw: `${s}!!%%`, base64: true })),
  notALogin.map((v) => ({ raw: JSON.stringify(v), base64: false })),
  operatorObject.map((v) => ({ raw: JSON.stringify(v), base64: false })),
  nested.map((raw) => ({ raw, base64: false })),
  fc.constant({ raw: `{"actions":[],"pad":"${'x'.repeat(1024 * 1024)}"}`, base64: false }),
  fc.constant({ raw: undefined, base64: false }),
);

const badQuery = fc.oneof(
  fc.record({
    limit: fc.constantFrom('0', '51', '-1', '1.5', 'abc', '', '1e3', '20 ', ' 20', '0x10', '1e1', '٢٠'),
  }),
  fc.record({
    cursor: fc.oneof(
      anyText.filter((s) => s.length > 0),
      fc.constant('eyJ0Ijoid2hhdCJ9'),
    ),
  }),
);

interface Request {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  query: Record<string, string>;
  body: { raw: string | undefined; base64: boolean };
}

/** The methods the function itself serves at this path (a "wrong" method must not be one of them). */
function servedMethods(route: RouteUnderTest): string[] {
  const match = compileRoutes(route.fn.routes);
  return METHODS.filter((method) => {
    try {
      match(method, route.path);
      return true;
    } catch {
      return false;
    }
  });
}

function malformed(route: RouteUnderTest): fc.Arbitrary<Request> {
  const served = servedMethods(route);
  const base = fc.record({
    headers: fc.tuple(randomHeaders, garbageCredentials).map(([h, c]) => ({ ...h, ...c })),
    query: route.needsBadQuery ? badQuery : fc.oneof(fc.constant({}), badQuery),
    body: garbageBody,
  });
  return fc.oneof(
    fc
      .tuple(
        base,
        fc.constantFrom(...METHODS.filter((m) => !served.includes(m))),
        fc
          .string({ minLength: 1, maxLength: 8 })
          .map((s) => s.toUpperCase())
          .filter((m) => !served.includes(m)),
      )
      .chain(([b, m, weird]) =>
        fc.constantFrom(m, weird).map((method) => ({ ...b, method, path: route.path })),
      ),
    fc.tuple(base, hostilePath(route.path)).map(([b, path]) => ({ ...b, method: route.method, path })),
    base.map((b) => ({ ...b, method: route.method, path: route.path })),
  );
}

function toEvent(r: Request, shape: 'apigw' | 'url'): Record<string, unknown> {
  if (shape === 'url') {
    const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      httpMethod: r.method,
      path: r.path,
      headers: { ...headers, 'x-scf-remote-addr': '203.0.113.7' },
      queryString: r.query,
      body: r.body.raw,
      ...(r.body.base64 ? { isBase64Encoded: true } : {}),
    };
  }
  return {
    httpMethod: r.method,
    path: r.path,
    headers: r.headers,
    queryString: r.query,
    queryStringParameters: r.query,
    body: r.body.raw ?? null,
    isBase64Encoded: r.body.base64,
    requestContext: { sourceIp: '203.0.113.7', requestId: 'fuzz' },
  };
}

// ---- the run ----------------------------------------------------------------------------------

let wx: FakeWechat;
const redis = testRedis();
const mongo = new MongoClient(inject('mongoUrl'));

async function snapshot(): Promise<string> {
  // The push receiver's count of refusals per source is the one write a refusal makes.
  const counted = `${process.env.REDIS_KEY_PREFIX}rl:push-refusal`;
  const keys = (await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`))
    .filter((k) => !k.startsWith(counted))
    .sort();
  const values = await Promise.all(keys.map((k) => redis.dumpBuffer(k)));
  const db = mongo.db(process.env.MONGO_DB);
  // Every document of every collection. A collection a route's warm-up created empty (with its
  // indexes, as any function's first use does) holds no data and is left out.
  const all = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const found = await Promise.all(all.map((n) => db.collection(n).find().sort({ _id: 1 }).toArray()));
  const names = all.filter((_, i) => found[i]!.length > 0);
  const docs = found.filter((d) => d.length > 0);
  return JSON.stringify({ keys, values: values.map((v) => v?.toString('base64')), names, docs });
}

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), WX_PUSH_TOKEN: 'fuzzPushToken1' });
  await getApp().videos.seed(sampleCatalogue());
  await loginAs('fuzz-existing-user'); // real data in every store, which must stay exactly as it is
});
afterAll(async () => {
  redis.disconnect();
  await mongo.close();
  await wx.close();
});

it("covers every route every HTTP function declares (the old SDKs' doors have their own fuzzing)", () => {
  const covered = new Set(
    ROUTES.map((r) => {
      const { route } = compileRoutes(r.fn.routes)(r.method, r.path);
      return `${r.method} ${route.path}`;
    }),
  );
  const declared = [loginFn, auth, album, draw, comments, push].flatMap((fn) =>
    fn.routes.filter((r) => !/^\/(wafer|weapp|mina)/.test(r.path)).map((r) => `${r.method} ${r.path}`),
  );
  expect(declared.filter((r) => !covered.has(r))).toEqual([]);
});

describe.each(ROUTES)('$method $path', (route) => {
  it(`answers ${RUNS} malformed events with contract 4xx and writes nothing`, async () => {
    const before = await snapshot();
    let limited = 0;
    await fc.assert(
      fc.asyncProperty(
        malformed(route),
        fc.constantFrom('apigw' as const, 'url' as const),
        async (request, shape) => {
          const result = await route.fn.main_handler(toEvent(request, shape), { request_id: 'fuzz' });
          const body = JSON.parse(result.body) as { ok: boolean; error: string; requestId: string };
          expect(result.statusCode).toBeGreaterThanOrEqual(400);
          expect(result.statusCode).toBeLessThan(500);
          const allowed: Record<number, string[]> = route.limitsRefusals
            ? { ...CONTRACT, 429: ['ERR_RATE_LIMITED'] }
            : CONTRACT;
          if (result.statusCode === 429) limited++;
          expect(allowed[result.statusCode] ?? [], `${result.statusCode} ${body.error}`).toContain(
            body.error,
          );
          expect(body.ok).toBe(false);
          expect(result.headers['x-request-id']).toBe('fuzz');
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
    // One source sent them all: past its refusals' limit (shared through Redis) it was answered 429.
    if (route.limitsRefusals) expect(limited).toBeGreaterThan(0);
  });
});

// The COS trigger's function: hostile events (garbage, and COS-shaped ones naming keys of every
// kind, album keys of the configured app included) never fail it and write nothing: an object that
// is not in the bucket is ignored before anything is recorded.
describe('album-check', () => {
  const key = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc
      .tuple(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string({ minLength: 1, maxLength: 40 }))
      .map(([owner, name]) => `album/${process.env.WX_APPID}/${owner}/${name}`),
    fc.constantFrom(
      'album/',
      `album/${'0'.repeat(32)}/x.png`,
      '../../etc/passwd',
      '%E4',
      'album/wx/$where/x',
    ),
  );
  const record = fc.record({
    cos: fc.record({
      cosObject: fc.record({ key: key.map((k) => `/1250000000/album/${k}`), size: fc.integer() }),
      cosBucket: fc.record({ name: fc.constant('album'), appid: fc.constantFrom('1250000000', 'x', '') }),
    }),
    event: fc.record({ eventName: fc.constantFrom('cos:ObjectCreated:Put', 'cos:ObjectRemove:Delete', '') }),
  });
  const event = fc.oneof(
    fc.anything(),
    fc.array(record, { minLength: 0, maxLength: 5 }).map((Records) => ({ Records })),
  );

  it(`takes ${RUNS} hostile events without failing and writes nothing`, async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const result = await albumCheck.main_handler(e, { request_id: 'fuzz' });
        expect(result.results.every((r) => r === 'ignored')).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
  });
});
