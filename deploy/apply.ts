// Makes SCF match the plan, idempotently: the layer is published only for a new build, a function is
// created when missing, its code updated only when its build changed, its configuration only when
// it differs, and a Function URL created only when it has none. Every call waits until the function
// is Active again (SCF answers ResourceInUse while it updates), so a rerun after a failure finishes.
import {
  BUILD_VARIABLE,
  type FunctionConfig,
  LAYER_NAME,
  type Plan,
  type PlannedFunction,
  RUNTIME,
} from './plan.js';
import { ScfApiError, type ScfCall } from './scf-api.js';

export interface ApplyOptions {
  pollMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface FunctionReport {
  name: string;
  changes: Array<'created' | 'code' | 'configuration' | 'url' | 'cos trigger'>;
  url: string | undefined;
  /** Where a COS-triggered function listens instead of a URL. */
  cosTrigger?: string | undefined;
}

export interface DeployReport {
  layer: { name: string; version: number; published: boolean };
  functions: FunctionReport[];
}

/** The trigger npm run deploy makes: the same as tencent-component-toolkit's `http` trigger. */
export const FUNCTION_URL = {
  TriggerName: 'url-trigger',
  Type: 'http',
  Qualifier: '$DEFAULT',
  Enable: 'OPEN',
  TriggerDesc: JSON.stringify({
    AuthType: 'NONE',
    NetConfig: { EnableIntranet: false, EnableExtranet: true },
  }),
};

/** The COS trigger npm run deploy makes: the same as tencent-component-toolkit's `cos` trigger with
 * events cos:ObjectCreated:* and filter prefix album/. */
export function cosTrigger(bucketUrl: string) {
  return {
    Type: 'cos',
    Qualifier: '$DEFAULT',
    TriggerName: bucketUrl,
    TriggerDesc: JSON.stringify({ event: 'cos:ObjectCreated:*', filter: { Prefix: 'album/', Suffix: '' } }),
    Enable: 'OPEN',
  };
}

const layerDescription = (build: string) => `The weapp scf application layer, build ${build}.`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (zip: Uint8Array) => Buffer.from(zip).toString('base64');

export async function applyPlan(
  call: ScfCall,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<DeployReport> {
  const pollMs = options.pollMs ?? 1000;
  const deadline = () => Date.now() + (options.timeoutMs ?? 300_000);
  const log = options.log ?? (() => undefined);

  /** A call, retried while SCF says the function is busy. */
  const patient = async (action: string, params: Record<string, unknown>) => {
    const until = deadline();
    for (;;) {
      try {
        return await call(action, params);
      } catch (err) {
        if (!(err instanceof ScfApiError && err.code.startsWith('ResourceInUse')) || Date.now() > until)
          throw err;
        await sleep(pollMs);
      }
    }
  };

  const waitActive = async (name: string): Promise<Record<string, unknown>> => {
    const until = deadline();
    for (;;) {
      const fn = await call('GetFunction', { FunctionName: name });
      if (fn.Status === 'Active') return fn;
      if (/Failed$/.test(String(fn.Status)))
        throw new Error(`${name} is ${fn.Status}: ${String(fn.StatusDesc ?? '')}`);
      if (Date.now() > until) throw new Error(`${name} did not become Active (still ${String(fn.Status)})`);
      await sleep(pollMs);
    }
  };

  // The layer: reuse the version of this build, or publish one.
  const layerBuild = plan.layer.artifact.build;
  let versions: Array<Record<string, unknown>> = [];
  try {
    versions = ((await call('ListLayerVersions', { LayerName: LAYER_NAME })).LayerVersions ??
      []) as typeof versions;
  } catch (err) {
    if (!(err instanceof ScfApiError && err.code.startsWith('ResourceNotFound'))) throw err;
  }
  let layerVersion = versions.find((v) => v.Description === layerDescription(layerBuild))?.LayerVersion as
    | number
    | undefined;
  const published = layerVersion === undefined;
  if (layerVersion === undefined) {
    log(`layer ${LAYER_NAME}: publishing build ${layerBuild}`);
    const answer = await patient('PublishLayerVersion', {
      LayerName: LAYER_NAME,
      CompatibleRuntimes: [RUNTIME],
      Content: { ZipFile: b64(plan.layer.artifact.zip) },
      Description: layerDescription(layerBuild),
    });
    layerVersion = answer.LayerVersion as number;
    await waitLayer(call, layerVersion, pollMs, deadline());
  }
  const layers = [{ LayerName: LAYER_NAME, LayerVersion: layerVersion }];

  const functions: FunctionReport[] = [];
  for (const fn of plan.functions) functions.push(await applyFunction(fn));
  return { layer: { name: LAYER_NAME, version: layerVersion, published }, functions };

  async function applyFunction(fn: PlannedFunction): Promise<FunctionReport> {
    const changes: FunctionReport['changes'] = [];
    let current: Record<string, unknown> | undefined;
    try {
      current = await call('GetFunction', { FunctionName: fn.name });
    } catch (err) {
      if (!(err instanceof ScfApiError && err.code.startsWith('ResourceNotFound'))) throw err;
    }
    if (!current) {
      log(`${fn.name}: creating (build ${fn.artifact.build})`);
      await patient('CreateFunction', {
        FunctionName: fn.name,
        Code: { ZipFile: b64(fn.artifact.zip) },
        ...fn.kind,
        ...fn.config,
        Layers: layers,
      });
      changes.push('created');
      current = await waitActive(fn.name);
    } else {
      if (current.Status !== 'Active') current = await waitActive(fn.name);
      if (variablesOf(current)[BUILD_VARIABLE] !== fn.artifact.build) {
        log(`${fn.name}: new code (build ${fn.artifact.build})`);
        await patient('UpdateFunctionCode', {
          FunctionName: fn.name,
          ZipFile: b64(fn.artifact.zip),
          ...(fn.config.Handler ? { Handler: fn.config.Handler } : {}),
        });
        changes.push('code');
        await waitActive(fn.name);
      }
      if (!sameConfiguration(current, fn.config, layers)) {
        log(`${fn.name}: new configuration`);
        await patient('UpdateFunctionConfiguration', { FunctionName: fn.name, ...fn.config, Layers: layers });
        changes.push('configuration');
        await waitActive(fn.name);
      }
    }
    const triggers = ((await call('ListTriggers', { FunctionName: fn.name })).Triggers ?? []) as Array<
      Record<string, unknown>
    >;
    if (fn.trigger !== 'url') {
      const wanted = cosTrigger(fn.trigger.cos.bucketUrl);
      if (!triggers.some((t) => t.Type === 'cos' && t.TriggerName === wanted.TriggerName)) {
        log(`${fn.name}: creating its COS trigger on ${wanted.TriggerName} (album/)`);
        await patient('CreateTrigger', { FunctionName: fn.name, ...wanted });
        changes.push('cos trigger');
      }
      return { name: fn.name, changes, url: undefined, cosTrigger: wanted.TriggerName };
    }
    let url = triggers
      .filter((t) => t.Type === 'http')
      .map(urlOf)
      .find(Boolean);
    if (!triggers.some((t) => t.Type === 'http')) {
      log(`${fn.name}: creating its Function URL`);
      const made = await patient('CreateTrigger', { FunctionName: fn.name, ...FUNCTION_URL });
      changes.push('url');
      url = urlOf((made.TriggerInfo ?? {}) as Record<string, unknown>);
    }
    return { name: fn.name, changes, url };
  }
}

async function waitLayer(call: ScfCall, version: number, pollMs: number, until: number): Promise<void> {
  for (;;) {
    const layer = await call('GetLayerVersion', { LayerName: LAYER_NAME, LayerVersion: version });
    if (layer.Status === 'Active') return;
    if (Date.now() > until) throw new Error(`layer version ${version} did not become Active`);
    await sleep(pollMs);
  }
}

function variablesOf(fn: Record<string, unknown>): Record<string, string> {
  const list =
    (fn.Environment as { Variables?: Array<{ Key: string; Value: string }> } | undefined)?.Variables ?? [];
  return Object.fromEntries(list.map((v) => [v.Key, v.Value]));
}

function sameConfiguration(
  current: Record<string, unknown>,
  want: FunctionConfig,
  layers: Array<{ LayerName: string; LayerVersion: number }>,
): boolean {
  const vpc = (current.VpcConfig ?? {}) as { VpcId?: string; SubnetId?: string };
  const currentLayers = ((current.Layers ?? []) as Array<{ LayerName: string; LayerVersion: number }>).map(
    (l) => `${l.LayerName}:${l.LayerVersion}`,
  );
  const wantVariables = Object.fromEntries(want.Environment.Variables.map((v) => [v.Key, v.Value]));
  return (
    current.Description === want.Description &&
    current.Runtime === want.Runtime &&
    (want.Handler === undefined || current.Handler === want.Handler) &&
    Number(current.MemorySize) === want.MemorySize &&
    Number(current.Timeout) === want.Timeout &&
    JSON.stringify(sorted(variablesOf(current))) === JSON.stringify(sorted(wantVariables)) &&
    (vpc.VpcId || '') === (want.VpcConfig?.VpcId ?? '') &&
    (vpc.SubnetId || '') === (want.VpcConfig?.SubnetId ?? '') &&
    (current.Role || '') === (want.Role ?? '') &&
    JSON.stringify(currentLayers) === JSON.stringify(layers.map((l) => `${l.LayerName}:${l.LayerVersion}`))
  );
}

const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** A Function URL from a trigger's description: the first https address in it. */
function urlOf(trigger: Record<string, unknown>): string | undefined {
  const text = typeof trigger.TriggerDesc === 'string' ? trigger.TriggerDesc : JSON.stringify(trigger);
  return /"(https:\/\/[^"\s]+)"/.exec(text)?.[1];
}
