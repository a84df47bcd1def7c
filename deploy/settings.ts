// What npm run deploy needs, from the environment or an env file: Tencent credentials, region and
// stage, the VPC, and the functions' own configuration, checked with the functions' own schema as
// SCF will check it at cold start, so a missing REDIS_URL fails here, before any call.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig } from '../lib/platform/config/index.js';

/** The variables the functions read (lib/platform/config), passed to every function when set. */
export const FUNCTION_VARIABLES = [
  'WX_APPID',
  'WX_SECRET',
  'WX_APPS',
  'WX_ADMINS',
  'WX_API_BASE',
  'WX_CONTENT_CHECK',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_PASSWORD',
  'REDIS_TLS',
  'REDIS_READ_FROM',
  'REDIS_KEY_PREFIX',
  'MONGO_URL',
  'MONGO_DB',
  'LOGIN_RATE_LIMIT',
  'COS_BUCKET',
  'COS_REGION',
  'COS_SECRET_ID',
  'COS_SECRET_KEY',
  'COS_PUBLIC_BASE',
  'STS_ENDPOINT',
  'ALBUM_MAX_BYTES',
  'PHONE_KEY',
  'WX_PUSH_TOKEN',
  'WX_PUSH_AES_KEY',
  'GAME_TIME_MS',
  'GAME_ROBOT_WAIT_MS',
  'GAME_PAUSE_MS',
] as const;

export interface DeploySettings {
  credentials: { secretId: string; secretKey: string; token?: string };
  region: string;
  stage: string;
  /** The SCF API (tests point it at a fake). */
  endpoint: string;
  vpc: { VpcId: string; SubnetId: string } | undefined;
  role: string | undefined;
  /** The functions' variables that are set (SCF refuses empty values). */
  variables: Record<string, string>;
}

export class DeployError extends Error {
  override name = 'DeployError';
}

/** The environment, with an env file's values under it (the real environment wins). */
export function readEnvironment(env: NodeJS.ProcessEnv, envFile?: string): Record<string, string> {
  const fromFile = envFile ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...fromFile, ...env }))
    if (typeof v === 'string' && v !== '') merged[k] = v;
  return merged;
}

export function deploySettings(env: Record<string, string>, { needCredentials = true } = {}): DeploySettings {
  const variables = Object.fromEntries(
    FUNCTION_VARIABLES.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]),
  );
  try {
    // Exactly what a function will do at cold start on SCF, where its run role's keys are in the
    // environment (COS signs with them unless COS_SECRET_ID/COS_SECRET_KEY are given).
    loadConfig({
      ...variables,
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_SECRETID: 'run-role',
      TENCENTCLOUD_SECRETKEY: 'run-role',
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new DeployError(`the functions' configuration: ${err.message}`);
    throw err;
  }
  const secretId = env.TENCENTCLOUD_SECRET_ID ?? env.TENCENT_SECRET_ID;
  const secretKey = env.TENCENTCLOUD_SECRET_KEY ?? env.TENCENT_SECRET_KEY;
  if (needCredentials && (!secretId || !secretKey))
    throw new DeployError(
      'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are required (or TENCENT_SECRET_ID / TENCENT_SECRET_KEY)',
    );
  if (Boolean(env.VPC_ID) !== Boolean(env.SUBNET_ID))
    throw new DeployError('VPC_ID and SUBNET_ID go together');
  const stage = env.STAGE ?? 'dev';
  if (!/^[a-z0-9]{1,16}$/.test(stage)) throw new DeployError('STAGE must be 1..16 of [a-z0-9]');
  return {
    credentials: {
      secretId: secretId ?? '',
      secretKey: secretKey ?? '',
      ...(env.TENCENTCLOUD_SESSION_TOKEN ? { token: env.TENCENTCLOUD_SESSION_TOKEN } : {}),
    },
    region: env.REGION ?? 'ap-guangzhou',
    stage,
    endpoint: env.SCF_ENDPOINT ?? 'https://scf.tencentcloudapi.com',
    vpc: env.VPC_ID && env.SUBNET_ID ? { VpcId: env.VPC_ID, SubnetId: env.SUBNET_ID } : undefined,
    role: env.SCF_ROLE,
    variables,
  };
}
