// biome-ignore-all lint/suspicious/noExplicitAny: the JSON answers of the API, read as the tests read them
// Each function, built and laid out as SCF lays it out, runs on Node.js 18.15 in a process of its
// own with only the variables it is deployed with (lib/app/functions.ts, the same list npm run
// deploy and serverless.yml use) and serves every one of its routes against the real services:
// Redis, FerretDB, a fake WeChat, a fake STS and the local bucket speaking COS at COS_ENDPOINT. So
// the per-function list can neither fall short (a route would fail: a cold start naming a variable,
// or a store of an undeclared part refusing) nor be replaced by "everything everywhere" (the
// deploy and YAML tests compare the lists).
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocalBucketHandler } from '../../dev/local-bucket/http.js';
import { ALL_FUNCTION_NAMES, FUNCTION_NAMES, loadFunction } from '../../functions/registry.js';
import { type DeployedFunction, FUNCTION_PARTS } from '../../lib/app/functions.js';
import { pushSignature } from '../../lib/integrations/wechat/push-crypto.js';
import { variablesOf } from '../../lib/platform/config/index.js';
import { objectCreatedEvent } from '../../lib/platform/http/cos-trigger.js';
import { BucketFiles } from '../../lib/stores/object/files.js';
import { migrate } from '../../scripts/migrate.js';
import { functionUrlEvent, type RequestSpec } from '../support/events.js';
import { type FakeSts, startFakeSts } from '../support/fake-sts.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { connect, type GameProcess, startGameProcess } from '../support/game-client.js';
import { solidPng } from '../support/png-image.js';
import { redisEnv } from '../support/redis.js';
import { type FunctionProcess, type Reply, startWarmFunction } from '../support/scf-container.js';
import { mediaCheckEvent, signedPush } from '../support/wechat-push.js';

const root = join(import.meta.dirname, '../..');
const layout = mkdtempSync(join(tmpdir(), 'weapp-scf-own-variables-'));
const BUCKET = 'album-1250000000';
const COS_KEYS = { secretId: 'AKIDpermanentcos', secretKey: 'permanent-cos-key' };
const USER_CODE = 'own-variables-user';

let wx: FakeWechat;
let sts: FakeSts;
let bucket: Server;
let full: Record<string, string>;
const db = `ownvars_${randomBytes(3).toString('hex')}`;

/** Only the variables `name` is deployed with, as SCF gives them, plus what SCF itself sets. */
function ownEnvironment(name: DeployedFunction, drop: string[] = []): Record<string, string> {
  const own = variablesOf(FUNCTION_PARTS[name]).filter((k) => full[k] !== undefined && !drop.includes(k));
  return {
    ...Object.fromEntries(own.map((k) => [k, full[k]!])),
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_FUNCTIONNAME: `weapp-scf-test-${name}`,
  };
}

/** A warm container of `name`, in this file's layout. */
const startFunction = (name: DeployedFunction, env: Record<string, string>): FunctionProcess =>
  startWarmFunction(layout, name, env);

const running = new Map<DeployedFunction, FunctionProcess>();
/** Which routes of each function were served, as `METHOD path-template`. */
const served = new Map<string, Set<string>>();

async function call(
  name: DeployedFunction,
  route: string,
  spec: Omit<RequestSpec, 'method'> & { method?: string },
): Promise<{ status: number; body: any; text: string }> {
  const [method, template] = route.split(' ') as [string, string];
  const reply = (await running.get(name)!.invoke(functionUrlEvent({ method, ...spec }))) as Reply;
  if (!served.has(name)) served.set(name, new Set());
  served.get(name)!.add(`${method} ${template}`);
  let body: any;
  try {
    body = JSON.parse(reply.body);
  } catch {
    body = undefined;
  }
  return { status: reply.statusCode, body, text: reply.body };
}

beforeAll(async () => {
  [wx, sts] = await Promise.all([startFakeWechat(), startFakeSts()]);
  const files = new BucketFiles(join(layout, 'bucket'));
  bucket = createServer(
    createLocalBucketHandler({ files, bucket: BUCKET, basePath: '/bucket', keys: [COS_KEYS] }),
  );
  await new Promise<void>((resolve) => bucket.listen(0, '127.0.0.1', resolve));
  full = {
    WX_APPID: wx.appId,
    WX_SECRET: wx.secret,
    WX_API_BASE: wx.url,
    WX_ADMINS: wx.openIdFor(USER_CODE),
    ...redisEnv(),
    REDIS_KEY_PREFIX: `own${randomBytes(3).toString('hex')}:`,
    MONGO_URL: inject('mongoUrl'),
    MONGO_DB: db,
    COS_BUCKET: BUCKET,
    COS_REGION: 'ap-guangzhou',
    COS_SECRET_ID: COS_KEYS.secretId,
    COS_SECRET_KEY: COS_KEYS.secretKey,
    COS_ENDPOINT: `http://127.0.0.1:${(bucket.address() as AddressInfo).port}/bucket`,
    STS_ENDPOINT: sts.url,
    PHONE_KEY: randomBytes(32).toString('base64'),
    WX_PUSH_TOKEN: 'ownVariablesToken',
    LOGIN_RATE_LIMIT: '1000',
    GAME_ROBOT_WAIT_MS: '100',
  };
  // As at deploy time: indexes, the catalogue, and earlier album images (none) through COS_ENDPOINT.
  const lines: string[] = [];
  expect(await migrate([], full, (l) => lines.push(l)), lines.join('\n')).toBe(0);
  cpSync(join(root, 'dist/layer'), join(layout, 'opt'), { recursive: true });
  for (const name of ALL_FUNCTION_NAMES) {
    cpSync(join(root, 'dist/functions', name), join(layout, name, 'var/user'), { recursive: true });
    running.set(name, startFunction(name, ownEnvironment(name)));
  }
});

afterAll(async () => {
  for (const fn of running.values()) fn.close();
  await Promise.all([wx.close(), sts.close(), new Promise((r) => bucket.close(r))]);
  const mongo = new MongoClient(inject('mongoUrl'));
  await mongo.db(db).dropDatabase();
  await mongo.close();
  rmSync(layout, { recursive: true, force: true });
});

describe('each function with only its own variables', () => {
  let headers: Record<string, string>;
  let game: GameProcess | undefined;
  afterAll(async () => {
    await game?.kill();
  });

  it('serves every route of every function against the real services, and logs no undeclared part', async () => {
    // login: a real exchange with WeChat, the user in MongoDB, the session in Redis.
    const login = await call('login', 'POST /login', { path: '/login', body: { code: USER_CODE } });
    expect(login.status, login.text).toBe(200);
    headers = { 'X-WX-Id': login.body.data.uuid, 'X-WX-Skey': login.body.data.skey };
    const wafer2 = await call('login', 'GET /weapp/user', {
      path: '/weapp/user',
      headers: { 'X-WX-Skey': `w2.${login.body.data.uuid}.${login.body.data.skey}` },
    });
    expect(wafer2.status, wafer2.text).toBe(200);

    // auth: the session, the profile (msg_sec_check), the phone number (getuserphonenumber, PHONE_KEY).
    for (const [route, spec] of [
      ['POST /auth', { path: '/auth' }],
      ['POST /profile', { path: '/profile', body: { nickName: '小明' } }],
      ['POST /phone', { path: '/phone', body: { code: 'own-phone' } }],
      ['GET /phone', { path: '/phone' }],
      ['DELETE /phone', { path: '/phone' }],
    ] as const) {
      const res = await call('auth', route, { ...spec, headers });
      expect(res.status, `${route}: ${res.text}`).toBe(200);
    }

    // album-sign-upload: signs (Redis owner, limiter), the bytes go to the bucket, STS, the list.
    const png = solidPng(4, 4, [200, 30, 30]);
    const signed = await call('album-sign-upload', 'POST /album/uploads', {
      path: '/album/uploads',
      headers,
      body: { contentType: 'image/png', size: png.length },
    });
    expect(signed.status, signed.text).toBe(201);
    const { key, name: imageName, put } = signed.body.data;
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: png })).status).toBe(200);
    const creds = await call('album-sign-upload', 'POST /album/credentials', {
      path: '/album/credentials',
      headers,
    });
    expect(creds.status, creds.text).toBe(200);
    const album = await call('album-sign-upload', 'GET /album', { path: '/album', headers });
    expect(album.status, album.text).toBe(200);
    expect(JSON.stringify(album.body.data)).toContain(imageName);

    // album-check: COS tells it of the new object; it asks WeChat (media_check_async).
    const checked = await running
      .get('album-check')!
      .invoke(objectCreatedEvent(BUCKET, 'ap-guangzhou', key, png.length));
    expect(typeof checked === 'string' ? checked : JSON.stringify(checked)).not.toMatch(/error|fail/i);
    expect(wx.mediaChecks.at(-1)?.fetched).toBe(200);

    // wx-push: the handshake and WeChat's verdict, signed with the push token.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const handshake = await call('wx-push', 'GET /wx/push', {
      path: '/wx/push',
      query: {
        signature: pushSignature(full.WX_PUSH_TOKEN!, timestamp, '42'),
        timestamp,
        nonce: '42',
        echostr: 'hello-echo',
      },
    });
    expect([handshake.status, handshake.text]).toEqual([200, 'hello-echo']);
    const verdict = signedPush(mediaCheckEvent(wx.mediaChecks.at(-1)!, 'pass'), {
      token: full.WX_PUSH_TOKEN!,
      appId: wx.appId,
    });
    const pushed = await call('wx-push', 'POST /wx/push', {
      path: '/wx/push',
      query: verdict.query,
      body: verdict.body,
    });
    expect([pushed.status, pushed.text]).toEqual([200, 'success']);

    // comments: the catalogue, a comment (msg_sec_check), and the desk (this user moderates).
    const videos = await call('comments', 'GET /videos', { path: '/videos' });
    expect(videos.status, videos.text).toBe(200);
    const posted = await call('comments', 'POST /videos/{vid}/comments', {
      path: '/videos/w3c-sample/comments',
      headers,
      body: { content: '好看' },
    });
    expect(posted.status, posted.text).toBe(201);
    for (const [route, path] of [
      ['GET /videos/{vid}/comments', '/videos/w3c-sample/comments'],
      ['GET /admin/comments', '/admin/comments'],
      ['GET /admin/images', '/admin/images'],
      ['GET /admin/audit', '/admin/audit'],
    ] as const) {
      const res = await call('comments', route, { path, headers });
      expect(res.status, `${route}: ${res.text}`).toBe(200);
    }
    const removed = await call('comments', 'DELETE /videos/{vid}/comments/{id}', {
      method: 'DELETE',
      path: `/videos/w3c-sample/comments/${posted.body.data.id ?? posted.body.data.comment?.id}`,
      headers,
    });
    expect(removed.status, removed.text).toBe(200);

    // draw-save: save, list, open, delete.
    const drawing = await call('draw-save', 'POST /drawings', {
      path: '/drawings',
      headers,
      body: { title: '猫', actions: [{ method: 'moveTo', data: [1, 2] }] },
    });
    expect(drawing.status, drawing.text).toBeLessThan(300);
    const id = drawing.body.data.id;
    for (const [route, path] of [
      ['GET /drawings', '/drawings'],
      ['GET /drawings/{id}', `/drawings/${id}`],
    ] as const) {
      const res = await call('draw-save', route, { path, headers });
      expect(res.status, `${route}: ${res.text}`).toBe(200);
    }
    expect(
      (
        await call('draw-save', 'DELETE /drawings/{id}', {
          method: 'DELETE',
          path: `/drawings/${id}`,
          headers,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('album-sign-upload', 'DELETE /album/{name}', {
          method: 'DELETE',
          path: `/album/${imageName}`,
          headers,
        })
      ).status,
    ).toBe(200);

    // The game, as its web function: the upgrade checks the session in Redis, hello shows the player.
    game = await startGameProcess(ownEnvironment('game'));
    const player = await connect(game.url, { uuid: '', skey: '', headers, data: {} });
    player.send({ type: 'hello', user: { nickName: '小明' } });
    expect((await player.next('hi')).type).toBe('hi');
    player.ws.close();

    // Every other route, with what an outside caller might send: never a 5xx.
    for (const name of FUNCTION_NAMES) {
      for (const route of (await loadFunction(name)).routes) {
        const key = `${route.method} ${route.path}`;
        // Logging out comes last, below; everything else is tried with the live session.
        if (served.get(name)?.has(key) || key === 'POST /logout') continue;
        const res = await call(name, key, {
          method: route.method,
          path: route.path.replace(/\{[^}]+\}/g, 'x1'),
          headers,
          body: {},
        });
        expect(res.status, `${name} ${key}: ${res.text}`).toBeLessThan(500);
      }
    }
    const auth = await call('auth', 'POST /logout', { path: '/logout', headers });
    expect(auth.status, auth.text).toBe(200);

    for (const [name, fn] of running) {
      const logs = fn.output.join('\n');
      expect(logs, name).not.toMatch(/UndeclaredPart|declared parts|ConfigError|is required/);
      expect(logs, name).not.toMatch(/"status":5\d\d/);
    }
  }, 120_000);

  it('a variable missing from a function’s list is caught: its cold start fails naming it', async () => {
    const login = startFunction('login', ownEnvironment('login', ['WX_SECRET']));
    try {
      const answer = login.invoke(functionUrlEvent({ method: 'POST', path: '/login', body: { code: 'x' } }));
      await expect(answer).rejects.toThrow(
        /exited \(1\)[\s\S]*ConfigError: WX_SECRET is required when WX_APPID is set/,
      );
    } finally {
      login.close();
    }
  });
});
