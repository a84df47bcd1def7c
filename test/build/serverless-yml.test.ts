// serverless.yml and layers/serverless.yml describe what the build produces: every function and
// the layer point at artifacts that exist, with SCF's handler, runtime and Function URL trigger.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FUNCTION_NAMES } from '../../functions/registry.js';

const root = join(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML
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

  it.each(FUNCTION_NAMES)('%s points at its built bundle, binds the layer and has a Function URL', (name) => {
    const fn = fns.inputs.functions[name];
    expect(fn.handler).toBe('index.main_handler');
    const [file, exported] = fn.handler.split('.');
    const bundle = join(root, fns.inputs.src.src, fn.src, `${file}.js`);
    expect(existsSync(bundle), bundle).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toContain(exported);
    expect(fn.layers).toEqual([
      {
        name: `\${output:\${stage}:\${app}:${layer.name}.name}`,
        version: `\${output:\${stage}:\${app}:${layer.name}.version}`,
      },
    ]);
    expect(Object.keys(fn.environment.variables)).toEqual(
      expect.arrayContaining(['REDIS_URL', 'MONGO_URL', 'WX_APPID', 'WX_SECRET']),
    );
    expect(fn.vpc).toHaveProperty('vpcId');
    const trigger = fns.inputs.triggers.find((t: { function: string }) => t.function === name);
    expect(trigger).toMatchObject({ type: 'http', parameters: { authType: 'NONE' } });
  });

  it('declares no function that the build does not make', () => {
    expect(Object.keys(fns.inputs.functions).sort()).toEqual([...FUNCTION_NAMES].sort());
    expect(dirname(fns.inputs.src.src)).toBe('./dist');
  });
});

describe('functions/game/serverless.yml', () => {
  const game = load('functions/game/serverless.yml');
  const layer = load('layers/serverless.yml');

  it('is a web function with WebSocket enabled, on Nodejs18.15, in the same app and stage', () => {
    expect(game).toMatchObject({ component: 'scf', app: layer.app, stage: layer.stage });
    expect(game.inputs).toMatchObject({ type: 'web', runtime: 'Nodejs18.15', protocolType: 'WS' });
    expect(game.inputs.protocolParams.wsParams.idleTimeOut).toBeGreaterThan(0);
    expect(game.inputs.events[0].http.parameters.authType).toBe('NONE');
  });

  it('deploys dist/game: an executable scf_bootstrap that starts index.js on port 9000 with the layer', () => {
    const src = join(root, 'functions/game', game.inputs.src);
    const bootstrap = join(src, 'scf_bootstrap');
    expect(statSync(bootstrap).mode & 0o111).not.toBe(0);
    const script = readFileSync(bootstrap, 'utf8');
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain('NODE_PATH=/opt/node_modules');
    expect(script).toContain('PORT=9000');
    expect(script).toMatch(/\/var\/lang\/node18\/bin\/node index\.js/);
    expect(readFileSync(join(src, 'index.js'), 'utf8')).toContain('require("@weapp-scf/layer")');
    expect(game.inputs.layers).toEqual([
      {
        name: `\${output:\${stage}:\${app}:${layer.name}.name}`,
        version: `\${output:\${stage}:\${app}:${layer.name}.version}`,
      },
    ]);
  });
});
