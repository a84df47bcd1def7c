// The desired state: one layer version and eight functions (six event functions with a Function URL
// each, album-check with a COS trigger on the album bucket, and the game as a WebSocket web
// function), each with its code, configuration and layer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FUNCTION_NAMES, COS_FUNCTION_NAMES } from '../functions/registry.js';
import { type Artifact, zipDirectory } from './artifacts.js';
import type { DeploySettings } from './settings.js';

export const LAYER_NAME = 'weapp-scf';
export const RUNTIME = 'Nodejs18.15';
/** The environment variable that names the build a function runs (how a deploy sees a code change). */
export const BUILD_VARIABLE = 'WEAPP_SCF_BUILD';

const DESCRIPTIONS: Record<string, string> = {
  login: 'Login. Exchanges the wx.login code for a session of our own.',
  auth: 'Sessions. Checks a session, logs out and updates the profile.',
  'album-sign-upload': 'Album. Signs direct uploads to COS, lists and deletes images.',
  'draw-save': 'Drawings. Saves, lists, opens and deletes canvas drawings.',
  comments: 'Trailers and comments, moderated by WeChat, and the moderation desk.',
  'wx-push': 'WeChat message push. Receives image moderation verdicts.',
  'album-check': 'Album moderation. Sends each new album image to WeChat for checking.',
  game: 'The rock paper scissors game over WebSocket.',
};

export interface FunctionConfig {
  Description: string;
  Runtime: string;
  Handler?: string;
  MemorySize: number;
  Timeout: number;
  Environment: { Variables: Array<{ Key: string; Value: string }> };
  VpcConfig?: { VpcId: string; SubnetId: string };
  Role?: string;
}

export interface PlannedFunction {
  key: string;
  name: string;
  artifact: Artifact;
  /** Create-only: an event function, or a web function with WebSocket. */
  kind:
    | { Type: 'Event' }
    | { Type: 'HTTP'; ProtocolType: 'WS'; ProtocolParams: { WSParams: { IdleTimeOut: number } } };
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

export function makePlan(settings: DeploySettings, dist: string): Plan {
  for (const dir of ['layer', 'game', ...ALL_FUNCTION_NAMES.map((n) => `functions/${n}`)]) {
    if (!existsSync(join(dist, dir))) throw new Error(`dist/${dir} is missing: run npm run build first`);
  }
  const config = (key: string, build: string, extra: Partial<FunctionConfig>): FunctionConfig => ({
    Description: DESCRIPTIONS[key]!,
    Runtime: RUNTIME,
    MemorySize: 256,
    Timeout: 10,
    Environment: {
      Variables: Object.entries({ ...settings.variables, [BUILD_VARIABLE]: build })
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([Key, Value]) => ({ Key, Value })),
    },
    ...(settings.vpc ? { VpcConfig: settings.vpc } : {}),
    ...(settings.role ? { Role: settings.role } : {}),
    ...extra,
  });
  // COS_BUCKET and COS_REGION are required on SCF: deploySettings ran the functions' config check.
  const { COS_BUCKET: bucket, COS_REGION: region } = settings.variables;
  const cosTrigger = { cos: { bucketUrl: `${bucket}.cos.${region}.myqcloud.com` } };
  const events = ALL_FUNCTION_NAMES.map((key): PlannedFunction => {
    const artifact = zipDirectory(join(dist, 'functions', key));
    return {
      key,
      name: functionName(settings.stage, key),
      artifact,
      kind: { Type: 'Event' },
      config: config(key, artifact.build, { Handler: 'index.main_handler' }),
      trigger: (COS_FUNCTION_NAMES as readonly string[]).includes(key) ? cosTrigger : 'url',
    };
  });
  const game = zipDirectory(join(dist, 'game'));
  return {
    layer: { name: LAYER_NAME, artifact: zipDirectory(join(dist, 'layer')) },
    functions: [
      ...events,
      {
        key: 'game',
        name: functionName(settings.stage, 'game'),
        artifact: game,
        kind: { Type: 'HTTP', ProtocolType: 'WS', ProtocolParams: { WSParams: { IdleTimeOut: 600 } } },
        // One invocation is one connection: a game of up to two hours.
        config: config('game', game.build, { MemorySize: 128, Timeout: 7200 }),
        trigger: 'url',
      },
    ],
  };
}
