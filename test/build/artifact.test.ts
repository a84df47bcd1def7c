// The built artifacts, laid out as SCF lays them out (function code in /var/user, the layer in
// /opt), run in a separate Node.js 18.15 (SCF's runtime) with SCF's NODE_PATH against the real
// services. This proves the functions load the layer through NODE_PATH and carry no copy of it.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FUNCTION_NAMES } from '../../functions/registry.js';
import { objectCreatedEvent } from '../../lib/platform/http/cos-trigger.js';
import { SCF_NODE_VERSION, scfNode } from '../../scripts/scf-runtime.js';
import { startFakeSts } from '../support/fake-sts.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { redisEnv } from '../support/redis.js';

const root = join(import.meta.dirname, '../..');
const scf = mkdtempSync(join(tmpdir(), 'weapp-scf-artifact-'));
let wx: FakeWechat;

const node = scfNode();

beforeAll(async () => {
  wx = await startFakeWechat();
  cpSync(join(root, 'dist/layer'), join(scf, 'opt'), { recursive: true });
  for (const name of ALL_FUNCTION_NAMES)
    cpSync(join(root, 'dist/functions', name), join(scf, name, 'var/user'), { recursive: true });
});
afterAll(async () => {
  await wx.close();
  rmSync(scf, { recursive: true, force: true });
});

function nodePath(userDir: string, withLayer = true): string {
  const opt = join(scf, 'opt');
  // The Node.js runtime's NODE_PATH, with SCF's /var/user and /opt moved under the temp dir.
  return [
    userDir,
    join(userDir, 'node_modules'),
    ...(withLayer ? [opt, join(opt, 'node_modules')] : []),
  ].join(':');
}

async function invokeArtifact(
  name: string,
  event: unknown,
  env: Record<string, string> = {},
  withLayer = true,
) {
  const userDir = join(scf, name, 'var/user');
  const script = `
    const fn = require(${JSON.stringify(join(userDir, 'index.js'))});
    fn.main_handler(JSON.parse(process.argv[1]), { request_id: 'artifact', function_name: ${JSON.stringify(name)} })
      .then((r) => {
        if (process.env.REPORT_MODULES) {
          process.stdout.write('MODULES ' + JSON.stringify(Object.keys(require.cache)) + '\\n');
          // The layer's own files (app.js, then the chunks it loaded) and whether V8 took each cache.
          const layer = require('@weapp-scf/layer')[Symbol.for('weapp-scf.codeCache')];
          process.stdout.write('LAYER ' + JSON.stringify(layer) + '\\n');
        }
        process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'); process.exit(0); },
            (e) => { console.error(e); process.exit(1); });`;
  // Asynchronous: the fake WeChat server answers from this very process.
  const child = spawn(node, ['-e', script, JSON.stringify(event)], {
    cwd: userDir,
    timeout: 20_000,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_PATH: nodePath(userDir, withLayer),
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_FUNCTIONNAME: name,
      ...redisEnv(),
      MONGO_URL: process.env.MONGO_URL!,
      MONGO_DB: process.env.MONGO_DB!,
      REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX!,
      WX_APPID: wx.appId,
      WX_SECRET: wx.secret,
      WX_API_BASE: wx.url,
      COS_BUCKET: 'album-1250000000',
      COS_REGION: 'ap-guangzhou',
      TENCENTCLOUD_SECRETID: 'AKIDrunrole',
      TENCENTCLOUD_SECRETKEY: 'run-role-key',
      TENCENTCLOUD_SESSIONTOKEN: 'run-role-token',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  return new Promise<{
    status: number | null;
    stdout: string;
    stderr: string;
    // biome-ignore lint/suspicious/noExplicitAny: the integrated response as JSON
    result: any;
    modules: string[];
    layer: Record<string, string>;
  }>((resolve) => {
    child.on('close', (status) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      const modules = stdout.split('\n').find((l) => l.startsWith('MODULES '));
      const layer = stdout.split('\n').find((l) => l.startsWith('LAYER '));
      resolve({
        status,
        stdout,
        stderr,
        result: line ? JSON.parse(line.slice(7)) : undefined,
        modules: modules ? JSON.parse(modules.slice(8)) : [],
        layer: layer ? JSON.parse(layer.slice(6)) : {},
      });
    });
  });
}

const fnUrl = (method: string, path: string, headers: Record<string, string>, body?: unknown) => ({
  httpMethod: method,
  path,
  headers: { 'x-scf-remote-addr': '203.0.113.5', ...headers },
  queryString: {},
  body: body === undefined ? undefined : JSON.stringify(body),
});

describe('built artifacts in an SCF layout', () => {
  it(`run on SCF's Node.js ${SCF_NODE_VERSION}`, () => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (process.env.CI === 'true' || node !== process.execPath) expect(version).toBe(`v${SCF_NODE_VERSION}`);
  });

  it('login, auth and album-sign-upload, each in its own process, share a session through the real stores', async () => {
    const login = await invokeArtifact('login', fnUrl('POST', '/login', {}, { code: 'artifact-user' }));
    expect(login.status, login.stderr).toBe(0);
    expect(login.result.statusCode).toBe(200);
    const { uuid, skey, user } = JSON.parse(login.result.body).data;
    expect(user.openId).toBe(wx.openIdFor('artifact-user'));

    const auth = await invokeArtifact('auth', fnUrl('POST', '/auth', { 'x-wx-id': uuid, 'x-wx-skey': skey }));
    expect(auth.status, auth.stderr).toBe(0);
    expect(auth.result.statusCode).toBe(200);
    expect(JSON.parse(auth.result.body).data.user.openId).toBe(user.openId);

    const upload = await invokeArtifact(
      'album-sign-upload',
      fnUrl(
        'POST',
        '/album/uploads',
        { 'x-wx-id': uuid, 'x-wx-skey': skey },
        { contentType: 'image/png', size: 100 },
      ),
    );
    expect(upload.status, upload.stderr).toBe(0);
    expect(upload.result.statusCode).toBe(201);
    const { post } = JSON.parse(upload.result.body).data;
    expect(post.url).toBe('https://album-1250000000.cos.ap-guangzhou.myqcloud.com/');
    expect(post.fields['x-cos-security-token']).toBe('run-role-token');
  });

  it('/auth never loads the MongoDB driver, the STS SDK, the XML parser or ws; /album/credentials loads the STS SDK on Node 18.15', async () => {
    const login = await invokeArtifact('login', fnUrl('POST', '/login', {}, { code: 'lazy-chunks' }));
    const { uuid, skey } = JSON.parse(login.result.body).data;
    const headers = { 'x-wx-id': uuid, 'x-wx-skey': skey };
    const loaded = await invokeArtifact('auth', fnUrl('POST', '/auth', headers), { REPORT_MODULES: '1' });
    expect(loaded.result.statusCode).toBe(200);
    expect(loaded.modules.some((m: string) => m.endsWith('/layer/index.js'))).toBe(true);
    // The chunks load through the layer's loader (with their code caches), not require().
    expect(loaded.layer).toEqual({ 'app.js': 'accepted' });

    const sts = await startFakeSts();
    try {
      const credentials = await invokeArtifact(
        'album-sign-upload',
        fnUrl('POST', '/album/credentials', headers),
        {
          COS_SECRET_ID: 'AKIDpermanent',
          COS_SECRET_KEY: 'permanent-key',
          STS_ENDPOINT: sts.url,
          REPORT_MODULES: '1',
        },
      );
      expect(credentials.result.statusCode, credentials.stderr).toBe(200);
      expect(JSON.parse(credentials.result.body).data.sessionToken).toBe('tmp-token');
      // Not MongoDB: whose album prefix it is goes to Redis, beside the rate limit.
      expect(credentials.layer).toEqual({ 'app.js': 'accepted', 'sts.js': 'accepted' });
      expect(sts.calls).toHaveLength(1);
    } finally {
      await sts.close();
    }
  });

  it('album-check takes a COS event on Node 18.15 as SCF starts it, and ignores an object outside the album', async () => {
    const event = objectCreatedEvent('album-1250000000', 'ap-guangzhou', 'drafts/readme.txt', 12);
    const run = await invokeArtifact('album-check', event);
    expect(run.result, run.stderr).toEqual({ processed: 1, results: ['ignored'] });
  });

  it.each(ALL_FUNCTION_NAMES)('%s carries no copy of the layer and cannot start without it', async (name) => {
    const bundle = join(scf, name, 'var/user/index.js');
    const text = readFileSync(bundle, 'utf8');
    expect(statSync(bundle).size).toBeLessThan(16 * 1024);
    expect(text).toContain('require("@weapp-scf/layer")');
    for (const marker of ['jscode2session', 'ioredis', 'MongoClient', 'HMGET'])
      expect(text).not.toContain(marker);

    const without = await invokeArtifact(name, fnUrl('POST', '/auth', {}), {}, false);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain("Cannot find module '@weapp-scf/layer'");
  });

  it('takes the code caches on Node 18.15 as SCF starts it, the MongoDB chunk too; a rejected cache costs one log line, not an answer', async () => {
    const login = await invokeArtifact('login', fnUrl('POST', '/login', {}, { code: 'code-cache' }), {
      REPORT_MODULES: '1',
    });
    expect(login.result.statusCode, login.stderr).toBe(200);
    expect(login.layer).toEqual({ 'app.js': 'accepted', 'mongo.js': 'accepted' });
    expect(login.stdout).not.toContain('code cache rejected');

    // Other V8 flags (as a runtime started with another heap limit would have): V8 refuses the
    // caches, the layer compiles instead, one warning says so, and the answer is the same.
    const { uuid, skey } = JSON.parse(login.result.body).data;
    const rejected = await invokeArtifact('login', fnUrl('POST', '/login', {}, { code: 'code-cache-2' }), {
      REPORT_MODULES: '1',
      NODE_OPTIONS: '--max-old-space-size=200',
    });
    expect(rejected.result.statusCode, rejected.stderr).toBe(200);
    expect(rejected.layer).toEqual({ 'app.js': 'rejected', 'mongo.js': 'rejected' });
    expect(rejected.stdout.match(/V8 code cache rejected/g)).toHaveLength(1);
    const auth = await invokeArtifact(
      'auth',
      fnUrl('POST', '/auth', { 'x-wx-id': uuid, 'x-wx-skey': skey }),
      {
        NODE_OPTIONS: '--max-old-space-size=200',
      },
    );
    expect(auth.result.statusCode).toBe(200);
  });

  it('fails the cold start on SCF when a store is not configured, naming the variable', async () => {
    const res = await invokeArtifact('login', fnUrl('POST', '/login', {}, { code: 'x' }), {
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: '',
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('REDIS_URL (or REDIS_CLUSTER_NODES) is required on SCF');
  });

  it('the layer is where SCF puts it: /opt/node_modules/@weapp-scf/layer', () => {
    for (const file of ['index.js', 'app.js', 'app.js.cache', 'mongo.js.cache', 'sts.js.cache'])
      expect(existsSync(join(scf, 'opt/node_modules/@weapp-scf/layer', file)), file).toBe(true);
  });
});
