// The desired state: one layer version and eight functions (six event functions with a Function URL
// each, album-check with a COS trigger on the album bucket, and the game as a WebSocket web
// function), each with its code, its own variables (lib/app/functions.ts), its role and the layer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COS_FUNCTION_NAMES } from '../functions/registry.js';
import { type DeployedFunction, FUNCTION_PARTS } from '../lib/app/functions.js';
import { variablesOf } from '../lib/platform/config/index.js';
import { type Artifact, zipDirectory } from './artifacts.js';
import { FUNCTION_MEMORY_MB } from './memory.js';
import type { DeploySettings } from './settings.js';

export const LAYER_NAME = 'weapp-scf';
export const RUNTIME = 'Nodejs18.15';
export const HANDLER = 'index.main_handler';
/** The environment variable that names the build a function runs (how a deploy sees a code change). */
export const BUILD_VARIABLE = 'WEAPP_SCF_BUILD';

const DESCRIPTIONS: Record<DeployedFunction, string> = {
  login: 'Login. Exchanges the wx.login code for a session of our own.',
  auth: 'Sessions. Checks a session, logs out, updates the profile, exports and deletes the account.',
  'album-sign-upload': 'Album. Signs direct uploads to COS, lists and deletes images.',
  'draw-save': 'Drawings. Saves, lists, opens and deletes canvas drawings.',
  comments: 'Trailers and comments, moderated by WeChat, and the moderation desk.',
  'wx-push': 'WeChat message push. Receives image moderation verdicts.',
  'album-check': 'Album moderation. Sends each new album image to WeChat for checking.',
  game: 'The rock paper scissors game over WebSocket.',
};

/** Exactly the parameters UpdateFunctionConfiguration takes (CreateFunction takes them too). */
export interface FunctionConfig {
  Description: string;
  Runtime: string;
  MemorySize: number;
  Timeout: number;
  Environment: { Variables: Array<{ Key: string; Value: string }> };
  VpcConfig?: { VpcId: string; SubnetId: string };
  Role?: string;
}

export interface PlannedFunction {
  key: DeployedFunction;
  name: string;
  artifact: Artifact;
  /** Create-only: an event function, or a web function with WebSocket. */
  kind:
    | { Type: 'Event' }
    | { Type: 'HTTP'; ProtocolType: 'WS'; ProtocolParams: { WSParams: { IdleTimeOut: number } } };
  /** An event function's handler (CreateFunction and UpdateFunctionCode take it; a web function has none). */
  handler: string | undefined;
  config: FunctionConfig;
  /** A Function URL, or the COS trigger on the album bucket (cos:ObjectCreated:*, prefix album/). */
  trigger: 'url' | { cos: { bucketUrl: string } };
}

export interface Plan {
  layer: { name: string; artifact: Artifact };
  functions: PlannedFunction[];
}

export function functionName(stage: string, key: string): string {
  return `weapp-scf-${stage}-${key}`;
}

/** The variables `key` is deployed with: those of its parts that are set, and its build id. */
export function functionVariables(
  key: DeployedFunction,
  set: Record<string, string>,
  build: string,
): Array<{ Key: string; Value: string }> {
  return [...variablesOf(FUNCTION_PARTS[key]).filter((k) => set[k] !== undefined), BUILD_VARIABLE]
    .sort()
    .map((Key) => ({ Key, Value: Key === BUILD_VARIABLE ? build : set[Key]! }));
}

const usesCos = (key: DeployedFunction) => (FUNCTION_PARTS[key] as readonly string[]).includes('cos');

export function makePlan(settings: DeploySettings, dist: string): Plan {
  const keys = Object.keys(FUNCTION_PARTS) as DeployedFunction[];
  const dirOf = (key: DeployedFunction) => (key === 'game' ? 'game' : `functions/${key}`);
  for (const dir of ['layer', ...keys.map(dirOf)]) {
    if (!existsSync(join(dist, dir))) throw new Error(`dist/${dir} is missing: run npm run build first`);
  }
  // COS_BUCKET and COS_REGION are required on SCF: deploySettings ran the functions' config check.
  const { COS_BUCKET: bucket, COS_REGION: region } = settings.variables;
  const functions = keys.map((key): PlannedFunction => {
    const artifact = zipDirectory(join(dist, dirOf(key)));
    const game = key === 'game';
    return {
      key,
      name: functionName(settings.stage, key),
      artifact,
      kind: game
        ? { Type: 'HTTP', ProtocolType: 'WS', ProtocolParams: { WSParams: { IdleTimeOut: 600 } } }
        : { Type: 'Event' },
      handler: game ? undefined : HANDLER,
      config: {
        Description: DESCRIPTIONS[key],
        Runtime: RUNTIME,
        MemorySize: FUNCTION_MEMORY_MB[key],
        // One invocation of the game is one connection: a game of up to two hours.
        Timeout: game ? 7200 : 10,
        Environment: { Variables: functionVariables(key, settings.variables, artifact.build) },
        ...(settings.vpc ? { VpcConfig: settings.vpc } : {}),
        ...(settings.role && usesCos(key) ? { Role: settings.role } : {}),
      },
      trigger: (COS_FUNCTION_NAMES as readonly string[]).includes(key)
        ? { cos: { bucketUrl: `${bucket}.cos.${region}.myqcloud.com` } }
        : 'url',
    };
  });
  return { layer: { name: LAYER_NAME, artifact: zipDirectory(join(dist, 'layer')) }, functions };
}
