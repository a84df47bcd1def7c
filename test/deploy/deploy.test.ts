// npm run deploy against the fake SCF API (signatures verified, function states modelled): from
// nothing, again with no change, after a code change, after a configuration change, after a failure
// half-way, with a wrong secret; and what was uploaded runs on SCF's Node.js 18.15 and answers /auth.

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, FUNCTION_URL } from '../../deploy/apply.js';
import { main } from '../../deploy/cli.js';
import { makePlan, type Plan } from '../../deploy/plan.js';
import { scfApi } from '../../deploy/scf-api.js';
import { deploySettings } from '../../deploy/settings.js';
import { scfNode } from '../../scripts/scf-runtime.js';
import { type FakeScf, startFakeScf } from '../support/fake-scf.js';
import { redisEnv } from '../support/redis.js';

const root = join(import.meta.dirname, '../..');
let scf: FakeScf;
let dist: string;

const ENV = {
  STAGE: 'test',
  REGION: 'ap-guangzhou',
  VPC_ID: 'vpc-abc123',
  SUBNET_ID: 'subnet-abc123',
  WX_APPID: 'wx0123456789abcdef',
  WX_SECRET: 'app-secret-do-not-print',
  REDIS_URL: 'redis://:redis-password-do-not-print@10.0.0.2:6379',
  MONGO_URL: 'mongodb://u:mongo-password-do-not-print@10.0.0.3:27017/weapp',
  COS_BUCKET: 'album-1250000000',
  COS_REGION: 'ap-guangzhou',
};
const SECRETS = ['app-secret-do-not-print', 'redis-password-do-not-print', 'mongo-password-do-not-print'];

beforeAll(async () => {
  scf = await startFakeScf();
  // A copy of dist/, so a test can change a bundle as a new build would.
  dist = join(mkdtempSync(join(tmpdir(), 'weapp-scf-deploy-')), 'dist');
  cpSync(join(root, 'dist'), dist, { recursive: true });
});
afterAll(async () => {
  await scf.close();
  rmSync(dirname(dist), { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  ...ENV,
  TENCENTCLOUD_SECRET_ID: scf.secretId,
  TENCENTCLOUD_SECRET_KEY: scf.secretKey,
  SCF_ENDPOINT: scf.url,
  ...extra,
});

async function deploy(extra: Record<string, string> = {}) {
  const settings = deploySettings(env(extra));
  const plan: Plan = makePlan(settings, dist);
  const before = scf.calls.length;
  const report = await applyPlan(scfApi(settings), plan, { pollMs: 5 });
  return { report, plan, calls: scf.calls.slice(before) };
}

const count = (calls: FakeScf['calls'], action: string) => calls.filter((c) => c.action === action).length;

describe('npm run deploy', () => {
  it('--dry-run prints the plan, calls nothing, needs no credentials, and prints no secret', async () => {
    const lines: string[] = [];
    const code = await main(['--dry-run'], { ...ENV }, (l) => lines.push(l));
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('weapp-scf-test-login');
    expect(text).toContain('web function (WebSocket)');
    expect(text).toContain('REDIS_URL');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(scf.calls).toEqual([]);
  });

  it('refuses a configuration the functions would refuse, before any call, naming the variable', async () => {
    const lines: string[] = [];
    const { REDIS_URL: _, ...withoutRedis } = env();
    expect(await main([], withoutRedis, (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('REDIS_URL (or REDIS_CLUSTER_NODES) is required on SCF');
    expect(scf.calls).toEqual([]);
  });

  it('from nothing: publishes the layer, creates eight functions with their Function URLs and album-check’s COS trigger, and prints their URLs', async () => {
    const lines: string[] = [];
    expect(await main([], env(), (l) => lines.push(l))).toBe(0);
    const calls = scf.calls;
    expect(count(calls, 'PublishLayerVersion')).toBe(1);
    expect(count(calls, 'CreateFunction')).toBe(8);
    expect(count(calls, 'CreateTrigger')).toBe(8);
    const text = lines.join('\n');
    expect(text.match(/^weapp-scf-test-\S+: created, url; https:\/\//gm)).toHaveLength(7);
    const bucketUrl = `${ENV.COS_BUCKET}.cos.${ENV.COS_REGION}.myqcloud.com`;
    expect(text).toContain(
      `weapp-scf-test-album-check: created, cos trigger; COS trigger ${bucketUrl} album/`,
    );
    const cos = calls.find((c) => c.action === 'CreateTrigger' && c.params.Type === 'cos')!.params;
    expect(cos).toMatchObject({
      FunctionName: 'weapp-scf-test-album-check',
      TriggerName: bucketUrl,
      Enable: 'OPEN',
    });
    expect(JSON.parse(cos.TriggerDesc)).toEqual({
      event: 'cos:ObjectCreated:*',
      filter: { Prefix: 'album/', Suffix: '' },
    });
    const push = calls.find(
      (c) => c.action === 'CreateFunction' && c.params.FunctionName === 'weapp-scf-test-wx-push',
    );
    expect(push?.params.Handler).toBe('index.main_handler');
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    const login = calls.find(
      (c) => c.action === 'CreateFunction' && c.params.FunctionName === 'weapp-scf-test-login',
    )!.params;
    expect(login).toMatchObject({
      Runtime: 'Nodejs18.15',
      Handler: 'index.main_handler',
      Type: 'Event',
      VpcConfig: { VpcId: 'vpc-abc123', SubnetId: 'subnet-abc123' },
      Layers: [{ LayerName: 'weapp-scf', LayerVersion: 1 }],
    });
    const variables = Object.fromEntries(
      login.Environment.Variables.map((v: { Key: string; Value: string }) => [v.Key, v.Value]),
    );
    expect(variables).toMatchObject({
      REDIS_URL: ENV.REDIS_URL,
      WX_SECRET: ENV.WX_SECRET,
      COS_BUCKET: ENV.COS_BUCKET,
    });
    expect(Object.values(variables).every((v) => v !== '')).toBe(true);
    expect(login.Description).toMatch(/^[A-Za-z0-9 ,.]{1,1000}$/);

    const game = calls.find(
      (c) => c.action === 'CreateFunction' && c.params.FunctionName === 'weapp-scf-test-game',
    )!.params;
    expect(game).toMatchObject({
      Type: 'HTTP',
      ProtocolType: 'WS',
      ProtocolParams: { WSParams: { IdleTimeOut: 600 } },
      Timeout: 7200,
    });
    expect(game.Handler).toBeUndefined();
    expect(calls.filter((c) => c.action.startsWith('Update')).length).toBe(0);
  });

  it('the Function URL trigger is exactly the one tencent-component-toolkit makes', () => {
    const HttpTrigger = createRequire(import.meta.url)(
      'tencent-component-toolkit/lib/modules/triggers/http',
    ).default;
    const { triggerInputs } = new HttpTrigger({ credentials: {}, region: 'ap-guangzhou' }).formatInputs({
      inputs: {
        functionName: 'weapp-scf-test-login',
        namespace: 'default',
        parameters: {
          qualifier: '$DEFAULT',
          authType: 'NONE',
          netConfig: { enableIntranet: false, enableExtranet: true },
        },
      },
    });
    const { Action: _a, FunctionName: _f, Namespace: _n, ...toolkit } = triggerInputs;
    expect(JSON.parse(toolkit.TriggerDesc)).toEqual(JSON.parse(FUNCTION_URL.TriggerDesc));
    expect({ ...toolkit, TriggerDesc: undefined }).toEqual({ ...FUNCTION_URL, TriggerDesc: undefined });
  });

  it('again with no change: reads only, changes nothing, and duplicates no trigger', async () => {
    const { report, calls } = await deploy();
    expect(calls.map((c) => c.action).filter((a) => !/^(Get|List)/.test(a))).toEqual([]);
    expect(report.layer.published).toBe(false);
    expect(report.functions.every((f) => f.changes.length === 0)).toBe(true);
    for (const fn of scf.functions.values()) expect(fn.Triggers).toHaveLength(1);
  });

  it('after a code change: one UpdateFunctionCode, for the function that changed only', async () => {
    const bundle = join(dist, 'functions/auth/index.js');
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// a new build\n`);
    const { calls, report } = await deploy();
    expect(calls.filter((c) => c.action === 'UpdateFunctionCode').map((c) => c.params.FunctionName)).toEqual([
      'weapp-scf-test-auth',
    ]);
    expect(count(calls, 'PublishLayerVersion')).toBe(0);
    expect(report.functions.find((f) => f.name === 'weapp-scf-test-auth')?.changes).toEqual([
      'code',
      'configuration',
    ]);
  });

  it('after a configuration change: every function’s configuration, no code', async () => {
    const { calls } = await deploy({ LOGIN_RATE_LIMIT: '50' });
    expect(count(calls, 'UpdateFunctionConfiguration')).toBe(8);
    expect(count(calls, 'UpdateFunctionCode')).toBe(0);
    const login = scf.functions.get('weapp-scf-test-login')!;
    expect(login.Environment.Variables).toContainEqual({ Key: 'LOGIN_RATE_LIMIT', Value: '50' });
  });

  it('a failure half-way fails the deploy; the rerun finishes where it stopped', async () => {
    scf.failNext('UpdateFunctionConfiguration', 'InternalError');
    await expect(deploy({ LOGIN_RATE_LIMIT: '60' })).rejects.toThrow(/InternalError/);
    const { calls } = await deploy({ LOGIN_RATE_LIMIT: '60' });
    expect(count(calls, 'UpdateFunctionConfiguration')).toBe(8);
    const { calls: after } = await deploy({ LOGIN_RATE_LIMIT: '60' });
    expect(after.map((c) => c.action).filter((a) => !/^(Get|List)/.test(a))).toEqual([]);
  });

  it('waits out ResourceInUse instead of failing', async () => {
    scf.failNext('UpdateFunctionConfiguration', 'ResourceInUse.Function');
    const { calls } = await deploy({ LOGIN_RATE_LIMIT: '70' });
    expect(count(calls, 'UpdateFunctionConfiguration')).toBe(9);
  });

  it('a wrong secret: a clear error, nothing reported as deployed, nothing changed', async () => {
    const lines: string[] = [];
    const before = scf.calls.length;
    const code = await main([], env({ TENCENTCLOUD_SECRET_KEY: 'not-the-secret' }), (l) => lines.push(l));
    expect(code).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('AuthFailure.SignatureFailure');
    expect(text).not.toMatch(/^deployed/m);
    expect(scf.calls.length).toBe(before);
  });

  it('what was uploaded runs: the recorded auth zip and layer zip, in SCF’s layout on Node.js 18.15, answer /auth with 401 JSON', async () => {
    const auth = scf.functions.get('weapp-scf-test-auth')!;
    const layer = scf.layers.at(-1)!;
    const layout = mkdtempSync(join(tmpdir(), 'weapp-scf-uploaded-'));
    try {
      const unpack = (zipBase64: string, into: string) => {
        for (const [path, data] of Object.entries(unzipSync(Buffer.from(zipBase64, 'base64')))) {
          mkdirSync(dirname(join(into, path)), { recursive: true });
          writeFileSync(join(into, path), data);
        }
      };
      unpack(auth.Code.ZipFile, join(layout, 'var/user'));
      unpack(layer.Content.ZipFile, join(layout, 'opt'));
      const event = { httpMethod: 'POST', path: '/auth', headers: {}, body: '' };
      const result = await new Promise<string>((resolve) => {
        const child = spawn(
          scfNode(),
          [
            '-e',
            `require('./index.js').main_handler(${JSON.stringify(event)}, {request_id: 'r'}).then((r) => { process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'); process.exit(0); })`,
          ],
          {
            cwd: join(layout, 'var/user'),
            env: {
              PATH: process.env.PATH ?? '',
              NODE_PATH: [
                join(layout, 'var/user'),
                join(layout, 'opt'),
                join(layout, 'opt/node_modules'),
              ].join(':'),
              TENCENTCLOUD_RUNENV: 'SCF',
              ...redisEnv(),
              MONGO_URL: process.env.MONGO_URL!,
              WX_APPID: ENV.WX_APPID,
              WX_SECRET: ENV.WX_SECRET,
              COS_BUCKET: ENV.COS_BUCKET,
              COS_REGION: ENV.COS_REGION,
              TENCENTCLOUD_SECRETID: 'AKIDrunrole',
              TENCENTCLOUD_SECRETKEY: 'run-role-key',
            },
          },
        );
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
        });
        child.on('close', () => resolve(out));
      });
      const answer = JSON.parse(
        result
          .split('\n')
          .find((l) => l.startsWith('RESULT '))!
          .slice(7),
      );
      expect(answer.statusCode).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: 'ERR_INVALID_SESSION' });
      expect(answer.headers['x-request-id']).toBe('r');
    } finally {
      rmSync(layout, { recursive: true, force: true });
    }
  });
});
