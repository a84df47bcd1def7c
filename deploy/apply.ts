// Makes SCF match the plan, idempotently, and tells what it would do without doing it (the dry
// run). The layer is published only for a new build (its version's description names the build);
// a function is created when missing, its code updated only when its build changed, its
// configuration only when what we send differs; a trigger is created only when missing. Each step
// waits until the function is Active again (SCF answers ResourceInUse while it updates), and the
// steps go in an order whose every prefix a rerun finishes: code before the variable that records
// its build, a layer version reused (or, if its publishing failed, replaced) before it is used.
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

export type Change = 'created' | 'code' | 'configuration' | 'url' | 'cos trigger';

export interface FunctionReport {
  name: string;
  changes: Change[];
  url: string | undefined;
  /** Where a COS-triggered function listens instead of a URL. */
  cosTrigger?: string | undefined;
}

export interface DeployReport {
  layer: { name: string; version: number; published: boolean };
  functions: FunctionReport[];
}

/** What a deploy would do, read from the account without changing it. */
export interface Preview {
  /** The layer version of this build, or undefined when it would be published. */
  layerVersion: number | undefined;
  functions: Array<{ name: string; changes: Change[] }>;
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

type Json = Record<string, unknown>;
type Layers = Array<{ LayerName: string; LayerVersion: number }>;

export const layerDescription = (build: string) => `The weapp scf application layer, build ${build}.`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (zip: Uint8Array) => Buffer.from(zip).toString('base64');
const notFound = (err: unknown) => err instanceof ScfApiError && err.code.startsWith('ResourceNotFound');

async function readOrUndefined(call: ScfCall, action: string, params: Json): Promise<Json | undefined> {
  try {
    return await call(action, params);
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}

/** The layer version that holds this build, if one was published. */
async function layerVersionOf(call: ScfCall, build: string): Promise<Json | undefined> {
  const listed = await readOrUndefined(call, 'ListLayerVersions', { LayerName: LAYER_NAME });
  const versions = (listed?.LayerVersions ?? []) as Json[];
  return versions.find((v) => v.Description === layerDescription(build));
}

/** What changing `current` into `fn` takes: nothing, its code, its configuration, or both. */
function changesOf(current: Json, fn: PlannedFunction, layers: Layers | undefined): Change[] {
  const changes: Change[] = [];
  const handlerDiffers = fn.handler !== undefined && current.Handler !== fn.handler;
  if (variablesOf(current)[BUILD_VARIABLE] !== fn.artifact.build || handlerDiffers) changes.push('code');
  if (!sameConfiguration(current, fn.config, layers)) changes.push('configuration');
  return changes;
}

/** The dry run: reads the account (ListLayerVersions, GetFunction, ListTriggers), changes nothing. */
export async function previewPlan(call: ScfCall, plan: Plan): Promise<Preview> {
  const found = await layerVersionOf(call, plan.layer.artifact.build);
  const layerVersion = found && !/Fail/i.test(String(found.Status)) ? Number(found.LayerVersion) : undefined;
  const layers =
    layerVersion === undefined ? undefined : [{ LayerName: LAYER_NAME, LayerVersion: layerVersion }];
  const functions: Preview['functions'] = [];
  for (const fn of plan.functions) {
    const current = await readOrUndefined(call, 'GetFunction', { FunctionName: fn.name });
    if (!current) {
      functions.push({ name: fn.name, changes: ['created', fn.trigger === 'url' ? 'url' : 'cos trigger'] });
      continue;
    }
    const changes = changesOf(current, fn, layers);
    const triggers = ((await call('ListTriggers', { FunctionName: fn.name })).Triggers ?? []) as Json[];
    if (!hasTrigger(triggers, fn)) changes.push(fn.trigger === 'url' ? 'url' : 'cos trigger');
    functions.push({ name: fn.name, changes });
  }
  return { layerVersion, functions };
}

function hasTrigger(triggers: Json[], fn: PlannedFunction): boolean {
  if (fn.trigger === 'url') return triggers.some((t) => t.Type === 'http');
  const wanted = cosTrigger(fn.trigger.cos.bucketUrl);
  return triggers.some((t) => t.Type === 'cos' && t.TriggerName === wanted.TriggerName);
}

export async function applyPlan(
  call: ScfCall,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<DeployReport> {
  const pollMs = options.pollMs ?? 1000;
  const deadline = () => Date.now() + (options.timeoutMs ?? 300_000);
  const log = options.log ?? (() => undefined);

  /** A call, retried while SCF says the function is busy. */
  const patient = async (action: string, params: Json) => {
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

  const waitActive = async (name: string): Promise<Json> => {
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

  /** The layer version of this build, Active: reused, or published (again, if publishing failed). */
  const ensureLayer = async (): Promise<{ version: number; published: boolean }> => {
    const build = plan.layer.artifact.build;
    const found = await layerVersionOf(call, build);
    if (found) {
      const status = await waitLayer(call, Number(found.LayerVersion), pollMs, deadline());
      if (status === 'Active') return { version: Number(found.LayerVersion), published: false };
      log(`layer ${LAYER_NAME}: version ${String(found.LayerVersion)} is ${status}; deleting it`);
      await call('DeleteLayerVersion', { LayerName: LAYER_NAME, LayerVersion: Number(found.LayerVersion) });
    }
    log(`layer ${LAYER_NAME}: publishing build ${build}`);
    const answer = await patient('PublishLayerVersion', {
      LayerName: LAYER_NAME,
      CompatibleRuntimes: [RUNTIME],
      Content: { ZipFile: b64(plan.layer.artifact.zip) },
      Description: layerDescription(build),
    });
    const version = Number(answer.LayerVersion);
    const status = await waitLayer(call, version, pollMs, deadline());
    if (status !== 'Active') throw new Error(`layer version ${version} is ${status}`);
    return { version, published: true };
  };

  const layer = await ensureLayer();
  const layers = [{ LayerName: LAYER_NAME, LayerVersion: layer.version }];
  const functions: FunctionReport[] = [];
  for (const fn of plan.functions) functions.push(await applyFunction(fn));
  return { layer: { name: LAYER_NAME, ...layer }, functions };

  async function applyFunction(fn: PlannedFunction): Promise<FunctionReport> {
    const changes: Change[] = [];
    const handler = fn.handler !== undefined ? { Handler: fn.handler } : {};
    let current = await readOrUndefined(call, 'GetFunction', { FunctionName: fn.name });
    if (!current) {
      log(`${fn.name}: creating (build ${fn.artifact.build})`);
      await patient('CreateFunction', {
        FunctionName: fn.name,
        Code: { ZipFile: b64(fn.artifact.zip) },
        ...handler,
        ...fn.kind,
        ...fn.config,
        Layers: layers,
      });
      changes.push('created');
      current = await waitActive(fn.name);
    } else {
      if (current.Status !== 'Active') current = await waitActive(fn.name);
      const needed = changesOf(current, fn, layers);
      if (needed.includes('code')) {
        log(`${fn.name}: new code (build ${fn.artifact.build})`);
        await patient('UpdateFunctionCode', {
          FunctionName: fn.name,
          ZipFile: b64(fn.artifact.zip),
          ...handler,
        });
        changes.push('code');
        await waitActive(fn.name);
      }
      // The build variable changes with the code, so new code always brings this step too.
      if (needed.includes('configuration') || needed.includes('code')) {
        log(`${fn.name}: new configuration`);
        await patient('UpdateFunctionConfiguration', { FunctionName: fn.name, ...fn.config, Layers: layers });
        changes.push('configuration');
        await waitActive(fn.name);
      }
    }
    const triggers = ((await call('ListTriggers', { FunctionName: fn.name })).Triggers ?? []) as Json[];
    if (fn.trigger !== 'url') {
      const wanted = cosTrigger(fn.trigger.cos.bucketUrl);
      if (!hasTrigger(triggers, fn)) {
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
    if (!hasTrigger(triggers, fn)) {
      log(`${fn.name}: creating its Function URL`);
      const made = await patient('CreateTrigger', { FunctionName: fn.name, ...FUNCTION_URL });
      changes.push('url');
      url = urlOf((made.TriggerInfo ?? {}) as Json);
    }
    return { name: fn.name, changes, url };
  }
}

/** Polls a layer version until it settles; answers its final status (Active, or a failure). */
async function waitLayer(call: ScfCall, version: number, pollMs: number, until: number): Promise<string> {
  for (;;) {
    const layer = await call('GetLayerVersion', { LayerName: LAYER_NAME, LayerVersion: version });
    const status = String(layer.Status);
    if (status === 'Active' || /Fail/i.test(status)) return status;
    if (Date.now() > until)
      throw new Error(`layer version ${version} did not become Active (still ${status})`);
    await sleep(pollMs);
  }
}

function variablesOf(fn: Json): Record<string, string> {
  const list =
    (fn.Environment as { Variables?: Array<{ Key: string; Value: string }> } | undefined)?.Variables ?? [];
  return Object.fromEntries(list.map((v) => [v.Key, v.Value]));
}

/** Whether what we would send is what the function has. Only what we send is compared: a field we
 * do not set (a role on a function without COS, a VPC when none is configured) is left as it is. */
function sameConfiguration(current: Json, want: FunctionConfig, layers: Layers | undefined): boolean {
  const vpc = (current.VpcConfig ?? {}) as { VpcId?: string; SubnetId?: string };
  const currentLayers = ((current.Layers ?? []) as Layers).map((l) => `${l.LayerName}:${l.LayerVersion}`);
  const wantVariables = Object.fromEntries(want.Environment.Variables.map((v) => [v.Key, v.Value]));
  return (
    current.Description === want.Description &&
    current.Runtime === want.Runtime &&
    Number(current.MemorySize) === want.MemorySize &&
    Number(current.Timeout) === want.Timeout &&
    JSON.stringify(sorted(variablesOf(current))) === JSON.stringify(sorted(wantVariables)) &&
    (want.VpcConfig === undefined ||
      (vpc.VpcId === want.VpcConfig.VpcId && vpc.SubnetId === want.VpcConfig.SubnetId)) &&
    (want.Role === undefined || current.Role === want.Role) &&
    layers !== undefined &&
    JSON.stringify(currentLayers) === JSON.stringify(layers.map((l) => `${l.LayerName}:${l.LayerVersion}`))
  );
}

const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** A Function URL from a trigger's description: the first https address in it. */
function urlOf(trigger: Json): string | undefined {
  const text = typeof trigger.TriggerDesc === 'string' ? trigger.TriggerDesc : JSON.stringify(trigger);
  return /"(https:\/\/[^"\s]+)"/.exec(text)?.[1];
}
