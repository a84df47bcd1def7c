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
import { FUNCTION_PARTS } from '../../lib/app/functions.js';
import { variablesOf as variablesOf2 } from '../../lib/platform/config/index.js';
import { buildAll } from '../../scripts/build.js';
import { scfNode } from '../../scripts/scf-runtime.js';
import { type FakeScf, startFakeScf } from '../support/fake-scf.js';
import { redisEnv } from '../support/redis.js';

const root = join(import.meta.dirname, '../..');
let scf: FakeScf;
let dist: string;

const ENV = {
  STAGE: 'test',
  SCF_ROLE: 'SCF_album',
  PHONE_KEY: Buffer.alloc(32, 1).toString('base64'),
  WX_PUSH_TOKEN: 'pushToken1',
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

/** npm run deploy on the copy of dist/ (already built: the global setup builds once). */
const cli = (argv: string[], e: NodeJS.ProcessEnv, out: (line: string) => void) =>
  main(argv, e, out, { dist, build: async () => undefined });

const count = (calls: FakeScf['calls'], action: string) => calls.filter((c) => c.action === action).length;

const CHANGES = /^(Create|Update|Publish|Delete)/;
const changesIn = (calls: FakeScf['calls']) => calls.map((c) => c.action).filter((a) => CHANGES.test(a));
const variablesOf = (fn: FakeScf['calls'][number]['params']): Record<string, string> =>
  Object.fromEntries(
    (fn.Environment.Variables as Array<{ Key: string; Value: string }>).map((v) => [v.Key, v.Value]),
  );

describe('npm run deploy', () => {
  it('--dry-run prints the plan per function, calls nothing, needs no credentials, and prints no secret', async () => {
    const lines: string[] = [];
    const code = await cli(['--dry-run'], { ...ENV }, (l) => lines.push(l));
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('weapp-scf-test-login');
    expect(text).toContain('web function (WebSocket)');
    expect(text).toMatch(
      /weapp-scf-test-album-check: .*\n {4}role SCF_album, VPC vpc-abc123\/subnet-abc123, trigger COS album-1250000000/,
    );
    expect(text).toMatch(
      /weapp-scf-test-draw-save: .*\n {4}role none, .*\n {4}variables MONGO_URL, REDIS_URL, WEAPP_SCF_BUILD, WX_APPID\n/,
    );
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(scf.calls).toEqual([]);
  });

  it('--dry-run from an empty environment names every missing variable at once', async () => {
    const lines: string[] = [];
    expect(await cli(['--dry-run'], {}, (l) => lines.push(l))).toBe(2);
    const text = lines.join('\n');
    for (const missing of ['REDIS_URL', 'MONGO_URL', 'WX_APPID and WX_SECRET', 'COS_BUCKET and COS_REGION'])
      expect(text).toContain(missing);
    expect(lines[0]).toBe('deploy: 4 problems, nothing was called:');
    expect(scf.calls).toEqual([]);
  });

  it('refuses a configuration the functions would refuse, before any call, naming every variable', async () => {
    const lines: string[] = [];
    const { REDIS_URL: _, ...withoutRedis } = env();
    expect(
      await cli([], { ...withoutRedis, WX_PUSH_TOKEN: 'a b', PHONE_KEY: 'short' }, (l) => lines.push(l)),
    ).toBe(2);
    const text = lines.join('\n');
    expect(text).toContain('REDIS_URL (or REDIS_CLUSTER_NODES) is required on SCF');
    expect(text).toContain('WX_PUSH_TOKEN is invalid');
    expect(text).toContain('PHONE_KEY is invalid');
    expect(scf.calls).toEqual([]);
  });

  it('without COS keys and without a run role: stops before any call and says how to make the role', async () => {
    const lines: string[] = [];
    const { SCF_ROLE: _, ...withoutRole } = env();
    expect(await cli([], withoutRole, (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/SCF_ROLE is required: .*run role \(运行角色\).*--role-policy/);
    expect(scf.calls).toEqual([]);
    // With keys of its own for COS, no role is needed, and none is given to any function.
    const keyed = makePlan(
      deploySettings({ ...withoutRole, COS_SECRET_ID: 'AKIDk', COS_SECRET_KEY: 'k' }),
      dist,
    );
    expect(keyed.functions.every((f) => f.config.Role === undefined)).toBe(true);
  });

  it('--role-policy prints the least-privilege policy: the album prefix of the bucket and nothing else', async () => {
    const lines: string[] = [];
    expect(await cli(['--role-policy'], { ...ENV }, (l) => lines.push(l))).toBe(0);
    const policy = JSON.parse(lines.join('\n'));
    const resources = policy.statement.flatMap((s: { resource: string[] }) => s.resource);
    expect(resources).toEqual([
      'qcs::cos:ap-guangzhou:uid/1250000000:album-1250000000/album/*',
      'qcs::cos:ap-guangzhou:uid/1250000000:album-1250000000/*',
    ]);
    const actions = policy.statement.flatMap((s: { action: string[] }) => s.action);
    expect(actions.every((a: string) => a.startsWith('name/cos:'))).toBe(true);
    expect(policy.statement[1].action).toEqual(['name/cos:GetBucket']);
  });

  it('from nothing: publishes the layer, creates eight functions with their Function URLs and album-check’s COS trigger, and prints the smoke command', async () => {
    const lines: string[] = [];
    expect(await cli([], env(), (l) => lines.push(l))).toBe(0);
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
    const smokeLine = lines.at(-1)!;
    expect(smokeLine).toMatch(/^npm run smoke -- login=https:\/\/\S+ auth=https:\/\/\S+ /);
    expect(smokeLine).toMatch(
      / game=wss:\/\/\S+ bucket=https:\/\/album-1250000000\.cos\.ap-guangzhou\.myqcloud\.com$/,
    );
    expect(smokeLine).not.toContain('album-check=');
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
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    const created = (key: string) =>
      calls.find((c) => c.action === 'CreateFunction' && c.params.FunctionName === `weapp-scf-test-${key}`)!
        .params;
    expect(created('login')).toMatchObject({
      Runtime: 'Nodejs18.15',
      Handler: 'index.main_handler',
      Type: 'Event',
      VpcConfig: { VpcId: 'vpc-abc123', SubnetId: 'subnet-abc123' },
      Layers: [{ LayerName: 'weapp-scf', LayerVersion: 1 }],
    });
    expect(created('login').Role).toBeUndefined();
    expect(created('album-sign-upload').Role).toBe('SCF_album');
    // Each function gets the variables of its own parts and no others.
    for (const [key, parts] of Object.entries(FUNCTION_PARTS)) {
      const given = Object.keys(variablesOf(created(key))).filter((k) => k !== 'WEAPP_SCF_BUILD');
      expect(given, key).toEqual(variablesOf2(parts).filter((k) => k in env()));
    }
    expect(variablesOf(created('game'))).not.toHaveProperty('PHONE_KEY');
    expect(variablesOf(created('draw-save'))).not.toHaveProperty('WX_SECRET');
    expect(variablesOf(created('draw-save'))).not.toHaveProperty('WX_PUSH_TOKEN');
    expect(variablesOf(created('auth'))).toMatchObject({ PHONE_KEY: env().PHONE_KEY });
    expect(variablesOf(created('wx-push'))).toMatchObject({ WX_PUSH_TOKEN: env().WX_PUSH_TOKEN });
    expect(created('login').Description).toMatch(/^[A-Za-z0-9 ,.]{1,1000}$/);
    expect(created('game')).toMatchObject({
      Type: 'HTTP',
      ProtocolType: 'WS',
      ProtocolParams: { WSParams: { IdleTimeOut: 600 } },
      Timeout: 7200,
    });
    expect(created('game').Handler).toBeUndefined();
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

  it('again with no change, after a fresh build of the same commit: reads only, changes nothing', async () => {
    const again = join(dirname(dist), 'again');
    await buildAll(again);
    const before = makePlan(deploySettings(env()), dist);
    const rebuilt = makePlan(deploySettings(env()), again);
    expect(rebuilt.layer.artifact.build).toBe(before.layer.artifact.build);
    for (const [i, fn] of rebuilt.functions.entries())
      expect(fn.artifact.build, fn.key).toBe(before.functions[i]!.artifact.build);
    const settings = deploySettings(env());
    const from = scf.calls.length;
    const report = await applyPlan(scfApi(settings), rebuilt, { pollMs: 5 });
    expect(changesIn(scf.calls.slice(from))).toEqual([]);
    expect(report.layer.published).toBe(false);
    expect(report.functions.every((f) => f.changes.length === 0)).toBe(true);
    for (const fn of scf.functions.values()) expect(fn.Triggers).toHaveLength(1);
  });

  it('--dry-run with credentials reads the account and says what would change, changing nothing', async () => {
    const lines: string[] = [];
    const from = scf.calls.length;
    expect(
      await cli(['--dry-run'], env({ PHONE_KEY: Buffer.alloc(32, 7).toString('base64') }), (l) =>
        lines.push(l),
      ),
    ).toBe(0);
    expect(scf.calls.slice(from).every((c) => /^(Get|List)/.test(c.action))).toBe(true);
    const text = lines.join('\n');
    expect(text).toContain('layer weapp-scf: build');
    expect(text).toMatch(/, version 1 \(unchanged\)/);
    expect(text).toMatch(/weapp-scf-test-auth: update \(configuration\): event function/);
    expect(text).toMatch(/weapp-scf-test-login: unchanged: event function/);
    expect(text.match(/: update \(/g)).toHaveLength(1);
  });

  it('after a code change: one UpdateFunctionCode, for the function that changed only', async () => {
    const bundle = join(dist, 'functions/auth/index.js');
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// a new build\n`);
    const { calls, report } = await deploy();
    expect(calls.filter((c) => c.action === 'UpdateFunctionCode').map((c) => c.params.FunctionName)).toEqual([
      'weapp-scf-test-auth',
    ]);
    // The build id is recorded in the function's own variable, after its code is in.
    expect(changesIn(calls)).toEqual(['UpdateFunctionCode', 'UpdateFunctionConfiguration']);
    expect(report.functions.find((f) => f.name === 'weapp-scf-test-auth')?.changes).toEqual([
      'code',
      'configuration',
    ]);
  });

  it('after a variable change: one UpdateFunctionConfiguration per function that uses it, nothing else', async () => {
    const { calls } = await deploy({ LOGIN_RATE_LIMIT: '50' });
    expect(changesIn(calls)).toEqual(['UpdateFunctionConfiguration']);
    expect(calls.find((c) => c.action === 'UpdateFunctionConfiguration')!.params.FunctionName).toBe(
      'weapp-scf-test-login',
    );
    expect(scf.functions.get('weapp-scf-test-login')!.Environment.Variables).toContainEqual({
      Key: 'LOGIN_RATE_LIMIT',
      Value: '50',
    });
    const { calls: redis } = await deploy({ LOGIN_RATE_LIMIT: '50', REDIS_KEY_PREFIX: 'wx2:' });
    expect(count(redis, 'UpdateFunctionConfiguration')).toBe(8);
    expect(changesIn(redis).filter((a) => a !== 'UpdateFunctionConfiguration')).toEqual([]);
  });

  it('waits out ResourceInUse instead of failing', async () => {
    scf.failNext('UpdateFunctionConfiguration', 'ResourceInUse.Function');
    const { calls } = await deploy({ LOGIN_RATE_LIMIT: '70', REDIS_KEY_PREFIX: 'wx2:' });
    expect(count(calls, 'UpdateFunctionConfiguration')).toBe(2);
  });

  it('the fake SCF refuses what API 3.0 refuses: a parameter the action does not have, a wrong type', async () => {
    const call = scfApi(deploySettings(env()));
    await expect(
      call('UpdateFunctionConfiguration', {
        FunctionName: 'weapp-scf-test-login',
        Handler: 'index.main_handler',
      }),
    ).rejects.toThrow(/UnknownParameter: The parameter `Handler` is not recognized/);
    await expect(
      call('UpdateFunctionConfiguration', { FunctionName: 'weapp-scf-test-login', MemorySize: '256' }),
    ).rejects.toThrow(/InvalidParameter/);
    await expect(call('CreateTrigger', { FunctionName: 'weapp-scf-test-login' })).rejects.toThrow(
      /MissingParameter/,
    );
  });

  it('a wrong secret: a clear error, nothing reported as deployed, nothing changed', async () => {
    const lines: string[] = [];
    const before = scf.calls.length;
    const code = await cli([], env({ TENCENTCLOUD_SECRET_KEY: 'not-the-secret' }), (l) => lines.push(l));
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

describe('npm run deploy, stopped by a failure at each step and run again', () => {
  it('finishes with one layer version for the build, every function Active on it with its own configuration and one trigger, whichever call failed, before or after its effect', async () => {
    const settings = (fake: FakeScf) =>
      deploySettings({
        ...ENV,
        TENCENTCLOUD_SECRET_ID: fake.secretId,
        TENCENTCLOUD_SECRET_KEY: fake.secretKey,
        SCF_ENDPOINT: fake.url,
      });
    const probe = await startFakeScf();
    const plan = makePlan(settings(probe), dist);
    await applyPlan(scfApi(settings(probe)), plan, { pollMs: 1 });
    const steps = changesIn(probe.calls).length;
    await probe.close();
    expect(steps).toBe(17);
    for (let step = 0; step < steps; step++) {
      for (const afterEffect of [false, true]) {
        const fake = await startFakeScf();
        fake.settlePolls = 1;
        try {
          const call = scfApi(settings(fake));
          fake.failChange(step, { afterEffect });
          await expect(applyPlan(call, plan, { pollMs: 1 }), `step ${step}`).rejects.toThrow(/InternalError/);
          await applyPlan(call, plan, { pollMs: 1 });
          const where = `step ${step}${afterEffect ? ', after its effect' : ''}`;
          expect(fake.layers, where).toHaveLength(1);
          expect(fake.layers[0]!.Description, where).toContain(plan.layer.artifact.build);
          expect(fake.functions.size, where).toBe(8);
          for (const fn of plan.functions) {
            const made = fake.functions.get(fn.name)!;
            expect(made.Status, where).toBe('Active');
            expect(made.Layers, where).toEqual([
              { LayerName: 'weapp-scf', LayerVersion: fake.layers[0]!.LayerVersion },
            ]);
            expect(made.Environment, where).toEqual(fn.config.Environment);
            expect(made.Triggers, where).toHaveLength(1);
          }
          const from = fake.calls.length;
          await applyPlan(call, plan, { pollMs: 1 });
          expect(changesIn(fake.calls.slice(from)), where).toEqual([]);
        } finally {
          await fake.close();
        }
      }
    }
  }, 120_000);

  it('a layer version whose publishing failed is deleted and published again', async () => {
    const fake = await startFakeScf();
    try {
      const settings = deploySettings({
        ...ENV,
        TENCENTCLOUD_SECRET_ID: fake.secretId,
        TENCENTCLOUD_SECRET_KEY: fake.secretKey,
        SCF_ENDPOINT: fake.url,
      });
      const plan = makePlan(settings, dist);
      fake.failNextPublish();
      await expect(applyPlan(scfApi(settings), plan, { pollMs: 1 })).rejects.toThrow(/PublishFailed/);
      const report = await applyPlan(scfApi(settings), plan, { pollMs: 1 });
      expect(changesIn(fake.calls).filter((a) => /Layer/.test(a))).toEqual([
        'PublishLayerVersion',
        'DeleteLayerVersion',
        'PublishLayerVersion',
      ]);
      expect(fake.layers.map((l) => [l.LayerVersion, l.Status])).toEqual([[2, 'Active']]);
      expect(report.layer.version).toBe(2);
    } finally {
      await fake.close();
    }
  });
});
