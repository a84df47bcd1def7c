// biome-ignore-all lint/suspicious/noExplicitAny: parsed YAML and the toolkit's untyped CommonJS
// serverless.yml and layers/serverless.yml describe what the build produces: every function and
// the layer point at artifacts that exist, with SCF's handler, runtime and Function URL trigger.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cosTrigger } from '../../deploy/apply.js';
import { FUNCTION_MEMORY_MB } from '../../deploy/memory.js';
import { BUILD_VARIABLE, functionVariables } from '../../deploy/plan.js';
import { FUNCTION_VARIABLES } from '../../deploy/settings.js';
import { ALL_FUNCTION_NAMES, COS_FUNCTION_NAMES, FUNCTION_NAMES } from '../../functions/registry.js';
import { type DeployedFunction, FUNCTION_PARTS } from '../../lib/app/functions.js';
import { envSchema } from '../../lib/platform/config/env.js';
import { variablesOf } from '../../lib/platform/config/index.js';
import { LOCAL_VARIABLES, PLATFORM_VARIABLES } from '../../lib/platform/config/parts.js';

const root = join(import.meta.dirname, '../..');
const load = (file: string): any => parse(readFileSync(join(root, file), 'utf8'), { merge: true });

describe('layers/serverless.yml', () => {
  it('deploys dist/layer, which holds @weapp-scf/layer under node_modules, for Nodejs18.15', () => {
    const layer = load('layers/serverless.yml');
    expect(layer.component).toBe('layer');
    expect(layer.inputs.runtimes).toEqual(['Nodejs18.15']);
    const src = join(root, 'layers', layer.inputs.src);
    expect(existsSync(join(src, 'node_modules/@weapp-scf/layer/index.js'))).toBe(true);
    expect(
      JSON.parse(readFileSync(join(src, 'node_modules/@weapp-scf/layer/package.json'), 'utf8')).main,
    ).toBe('index.js');
  });
});

describe('serverless.yml', () => {
  const fns = load('serverless.yml');
  const layer = load('layers/serverless.yml');

  it('is a multi-scf app of the same app and stage as the layer', () => {
    expect(fns.component).toBe('multi-scf');
    expect(fns.app).toBe(layer.app);
    expect(fns.stage).toBe(layer.stage);
    expect(fns.inputs.runtime).toBe('Nodejs18.15');
  });

  it.each(ALL_FUNCTION_NAMES)('%s points at its built bundle with SCF’s handler', (name) => {
    const fn = fns.inputs.functions[name];
    expect(fn.handler).toBe('index.main_handler');
    const [file, exported] = fn.handler.split('.');
    const bundle = join(root, fns.inputs.src.src, fn.src, `${file}.js`);
    expect(existsSync(bundle), bundle).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toContain(exported);
  });

  it.each(ALL_FUNCTION_NAMES)(
    '%s gets the memory size npm run deploy gives it (deploy/memory.ts)',
    (name) => {
      const fn = fns.inputs.functions[name];
      expect(fn.memorySize ?? fns.inputs.memorySize).toBe(FUNCTION_MEMORY_MB[name]);
      expect(load('functions/game/serverless.yml').inputs.memorySize).toBe(FUNCTION_MEMORY_MB.game);
    },
  );

  it('declares no function that the build does not make', () => {
    expect(Object.keys(fns.inputs.functions).sort()).toEqual([...ALL_FUNCTION_NAMES].sort());
    expect(dirname(fns.inputs.src.src)).toBe('./dist');
  });
});

// ---- through the components' own input formatting --------------------------------------------
// multi-scf 0.3.14 (src/formatter.ts), as read there and restated here: every top-level input is
// copied into each function (functions' own keys win); `environments` (a key/value list, default
// []) becomes `environment: {variables}` - replacing any `environment` map; `vpc` becomes `vpcConfig`.
// Then tencent-component-toolkit's own formatInputs (npm, 2.27) makes CreateFunction's parameters,
// and its HttpTrigger makes CreateTrigger's. Those two are the real code, required from node_modules.
const toolkit = createRequire(import.meta.url);
const { formatInputs: toolkitFormatFunction } = toolkit('tencent-component-toolkit/lib/modules/scf/utils');
const HttpTrigger = toolkit('tencent-component-toolkit/lib/modules/triggers/http').default;
const CosTrigger = toolkit('tencent-component-toolkit/lib/modules/triggers/cos').default;

const ENV: Record<string, string> = {
  STAGE: 'dev',
  SCF_ROLE: 'weapp_scf_run',
  PHONE_KEY: Buffer.alloc(32, 1).toString('base64'),
  WX_PUSH_TOKEN: 'pushToken1',
  REGION: 'ap-guangzhou',
  VPC_ID: 'vpc-abc123',
  SUBNET_ID: 'subnet-abc123',
  WX_APPID: 'wx0123456789abcdef',
  WX_SECRET: 'app-secret',
  REDIS_URL: 'redis://:pw@10.0.0.2:6379',
  MONGO_URL: 'mongodb://u:p@10.0.0.3:27017/weapp',
  COS_BUCKET: 'album-1250000000',
  COS_REGION: 'ap-guangzhou',
};

/** What the Serverless CLI substitutes: ${env:X} from the environment, the layer's outputs. */
function resolve(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{output:.*?\.name\}/g, 'weapp-scf-layer-name')
      .replace(/\$\{output:.*?\.version\}/g, '7')
      .replace(/\$\{env:([A-Z0-9_]+)\}/g, (_, name: string) => env[name] ?? '');
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, env)]));
  return value;
}

function multiScfFunctions(inputs: any): any[] {
  const { functions, src: _src, ...common } = inputs;
  return Object.entries(functions).map(([key, fn]) => {
    const merged: any = structuredClone({ ...common, ...(fn as object), key });
    const { environments = [] } = merged;
    if (Array.isArray(environments))
      merged.environment = { variables: Object.fromEntries(environments.map((e: any) => [e.key, e.value])) };
    if (merged.vpc) merged.vpcConfig = merged.vpc;
    merged.name = `weapp-scf-functions-${ENV.STAGE}-weapp-scf-${key}`;
    merged.code = { bucket: 'sls-cloudfunction-ap-guangzhou-code', object: `${key}.zip` };
    return merged;
  });
}

/** CreateFunction allows letters, digits, spaces, commas, periods, newlines and Chinese in Description. */
const DESCRIPTION = /^[A-Za-z0-9 ,.\n\u4e00-\u9fa5]{1,1000}$/;

describe('serverless.yml through multi-scf and tencent-component-toolkit', () => {
  const inputs: any = resolve(load('serverless.yml').inputs, ENV);
  const created = multiScfFunctions(inputs).map((fn) => ({ key: fn.key, params: toolkitFormatFunction(fn) }));

  it.each(ALL_FUNCTION_NAMES)(
    '%s gets the variables of its own parts that are set, the same as npm run deploy, the VPC, the layer and a valid description',
    (name) => {
      const { params } = created.find((c) => c.key === name)!;
      // Unset variables resolve to empty values here (README: remove their lines or set them).
      const variables = Object.fromEntries(
        params.Environment.Variables.filter((v: any) => v.Value !== '').map((v: any) => [v.Key, v.Value]),
      );
      const deployed = functionVariables(name, ENV, 'build').filter((v) => v.Key !== BUILD_VARIABLE);
      expect(variables).toEqual(Object.fromEntries(deployed.map((v) => [v.Key, v.Value])));
      expect(params).toMatchObject({
        Runtime: 'Nodejs18.15',
        Handler: 'index.main_handler',
        VpcConfig: { VpcId: 'vpc-abc123', SubnetId: 'subnet-abc123' },
        Layers: [{ LayerName: 'weapp-scf-layer-name', LayerVersion: '7' }],
      });
      expect(params.Role).toBe(
        (FUNCTION_PARTS[name] as readonly string[]).includes('cos') ? ENV.SCF_ROLE : undefined,
      );
      expect(params.Description).toMatch(DESCRIPTION);
    },
  );

  it('each HTTP function gets one Function URL trigger, open to the internet without auth', () => {
    const trigger = new HttpTrigger({ credentials: {}, region: 'ap-guangzhou' });
    const made = inputs.triggers
      .filter((t: any) => t.type === 'http')
      .map(
        (t: any) =>
          trigger.formatInputs({ inputs: { ...t, functionName: t.function, namespace: 'default' } })
            .triggerInputs,
      );
    expect(made.map((t: any) => t.FunctionName).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const t of made) {
      expect(t).toMatchObject({ Type: 'http', Qualifier: '$DEFAULT', Enable: 'OPEN' });
      expect(JSON.parse(t.TriggerDesc)).toMatchObject({
        AuthType: 'NONE',
        NetConfig: { EnableIntranet: false, EnableExtranet: true },
      });
    }
  });

  it('album-check gets the COS trigger on the album bucket, album/ only, as npm run deploy makes it', () => {
    const cos = inputs.triggers.filter((t: any) => t.type !== 'http');
    expect(cos.map((t: any) => [t.type, t.function])).toEqual(COS_FUNCTION_NAMES.map((n) => ['cos', n]));
    const made = new CosTrigger({ credentials: {}, region: 'ap-guangzhou' }).formatInputs({
      inputs: { ...cos[0], functionName: cos[0].function, namespace: 'default' },
    }).triggerInputs;
    const bucketUrl = `${ENV.COS_BUCKET}.cos.${ENV.COS_REGION}.myqcloud.com`;
    const { Action: _a, FunctionName, Namespace: _n, ...rest } = made;
    expect(FunctionName).toBe('album-check');
    expect(JSON.parse(rest.TriggerDesc)).toEqual(JSON.parse(cosTrigger(bucketUrl).TriggerDesc));
    expect({ ...rest, TriggerDesc: undefined }).toEqual({ ...cosTrigger(bucketUrl), TriggerDesc: undefined });
  });

  it('an `environment` map would have been dropped: the shape the old file had, shown failing', () => {
    const old = multiScfFunctions({
      functions: { login: { environment: { variables: { REDIS_URL: 'x' } } } },
    })[0];
    expect(toolkitFormatFunction(old).Environment).toEqual({ Variables: [] });
  });
});

describe('functions/game/serverless.yml through tencent-component-toolkit', () => {
  const game: any = resolve(load('functions/game/serverless.yml').inputs, ENV);

  it('is a WebSocket web function with every variable, the VPC, the layer and a valid description', () => {
    const params = toolkitFormatFunction({ ...game, code: { bucket: 'b', object: 'o' } });
    expect(params).toMatchObject({
      Type: 'HTTP',
      ProtocolType: 'WS',
      ProtocolParams: { WSParams: { IdleTimeOut: 600 } },
      Runtime: 'Nodejs18.15',
      VpcConfig: { VpcId: 'vpc-abc123', SubnetId: 'subnet-abc123' },
      Layers: [{ LayerName: 'weapp-scf-layer-name', LayerVersion: '7' }],
    });
    const variables = Object.fromEntries(
      params.Environment.Variables.filter((v: any) => v.Value !== '').map((v: any) => [v.Key, v.Value]),
    );
    const deployed = functionVariables('game', ENV, 'build').filter((v) => v.Key !== BUILD_VARIABLE);
    expect(variables).toEqual(Object.fromEntries(deployed.map((v) => [v.Key, v.Value])));
    expect(variables).not.toHaveProperty('PHONE_KEY');
    expect(params.Role).toBe(ENV.SCF_ROLE);
    expect(params.Description).toMatch(DESCRIPTION);
    expect(params.Handler).toBeUndefined();
  });

  it('deploys dist/game: an executable scf_bootstrap that starts index.js on port 9000 with the layer', () => {
    const src = join(root, 'functions/game', load('functions/game/serverless.yml').inputs.src);
    const bootstrap = join(src, 'scf_bootstrap');
    expect(statSync(bootstrap).mode & 0o111).not.toBe(0);
    const script = readFileSync(bootstrap, 'utf8');
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain('NODE_PATH=/opt/node_modules');
    expect(script).toContain('PORT=9000');
    expect(script).toMatch(/\/var\/lang\/node18\/bin\/node index\.js/);
    expect(readFileSync(join(src, 'index.js'), 'utf8')).toContain('require("@weapp-scf/layer")');
  });

  it('has no events: tencent-scf reads apigw.parameters of every event of a WS function and knows no http trigger', () => {
    expect(game.events).toBeUndefined();
  });
});

describe('layers/serverless.yml description', () => {
  it('is in the characters CreateFunction and PublishLayerVersion allow', () => {
    expect(load('layers/serverless.yml').inputs.description).toMatch(DESCRIPTION);
  });
});

describe('one declaration per function (lib/app/functions.ts), the same in every deploy path', () => {
  const yamlVariables = (name: string): string[] =>
    name === 'game'
      ? Object.keys(load('functions/game/serverless.yml').inputs.environment.variables)
      : load('serverless.yml').inputs.functions[name].environments.map((e: any) => e.key);

  it.each(Object.keys(FUNCTION_PARTS) as DeployedFunction[])(
    '%s: its YAML lists exactly the variables of its declared parts',
    (name) => {
      expect(yamlVariables(name).sort()).toEqual(variablesOf(FUNCTION_PARTS[name]));
    },
  );

  it('declares every function the build makes, and no variable is shared by all functions alone', () => {
    expect(Object.keys(FUNCTION_PARTS).sort()).toEqual([...ALL_FUNCTION_NAMES, 'game'].sort());
    expect(load('serverless.yml').inputs.environments).toBeUndefined();
  });

  it('every variable some function reads is deployed to some function, and no other', () => {
    const deployed = new Set(Object.keys(FUNCTION_PARTS).flatMap(yamlVariables));
    const readable = Object.keys(envSchema.shape).filter(
      (k) =>
        !(LOCAL_VARIABLES as readonly string[]).includes(k) &&
        !(PLATFORM_VARIABLES as readonly string[]).includes(k),
    );
    expect([...deployed].sort()).toEqual(readable.sort());
    expect([...FUNCTION_VARIABLES].sort()).toEqual(readable.sort());
  });
});
