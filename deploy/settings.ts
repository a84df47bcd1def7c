// What npm run deploy needs, from the environment or an env file: Tencent credentials, region and
// stage, the VPC, the run role, and the functions' own configuration, checked as SCF will check it
// at each function's cold start (with that function's variables only), so a missing REDIS_URL
// fails here, before any call. Every problem is reported at once.
import { FUNCTION_PARTS } from '../lib/app/functions.js';
import { ALL_PARTS, ConfigError, loadConfig, variablesOf } from '../lib/platform/config/index.js';

/** Every variable some function reads (lib/platform/config/parts.ts). */
export const FUNCTION_VARIABLES = variablesOf(ALL_PARTS);

export interface DeploySettings {
  credentials: { secretId: string; secretKey: string; token?: string };
  region: string;
  stage: string;
  /** The SCF API (tests point it at a fake). */
  endpoint: string;
  vpc: { VpcId: string; SubnetId: string } | undefined;
  /** The run role (运行角色) of the functions that sign for COS with it. */
  role: string | undefined;
  /** Whether the functions that use COS sign with the run role (no COS_SECRET_ID/COS_SECRET_KEY). */
  cosNeedsRole: boolean;
  /** The functions' variables that are set (SCF refuses empty values); each function gets its own. */
  variables: Record<string, string>;
}

export class DeployError extends Error {
  override name = 'DeployError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** What the functions' run role must allow: the album prefix of the bucket, nothing else. */
export function rolePolicy(bucket: string, region: string): unknown {
  const appId = /-(\d+)$/.exec(bucket)?.[1] ?? '<APPID>';
  const base = `qcs::cos:${region}:uid/${appId}:${bucket}`;
  return {
    version: '2.0',
    statement: [
      {
        effect: 'allow',
        action: [
          'cos:PutObject',
          'cos:PostObject',
          'cos:GetObject',
          'cos:HeadObject',
          'cos:DeleteObject',
        ].map((a) => `name/${a}`),
        resource: [`${base}/album/*`],
      },
      { effect: 'allow', action: ['name/cos:GetBucket'], resource: [`${base}/*`] },
    ],
  };
}

const ROLE_HELP =
  'set SCF_ROLE to a CAM role that SCF may assume (角色载体: 云函数 SCF) with the policy that `npm run deploy -- --role-policy` prints (the album prefix of COS_BUCKET only), or set COS_SECRET_ID/COS_SECRET_KEY';

export function deploySettings(env: Record<string, string>, { needCredentials = true } = {}): DeploySettings {
  const problems: string[] = [];
  const variables = Object.fromEntries(
    FUNCTION_VARIABLES.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]),
  );
  // Exactly what each function does at cold start on SCF with the variables it is given, where its
  // run role's keys are in the environment (COS signs with them unless COS_* keys are given).
  for (const parts of Object.values(FUNCTION_PARTS)) {
    const own = Object.fromEntries(
      variablesOf(parts).flatMap((k) => (k in variables ? [[k, variables[k]]] : [])),
    );
    try {
      loadConfig(
        {
          ...own,
          TENCENTCLOUD_RUNENV: 'SCF',
          TENCENTCLOUD_SECRETID: 'run-role',
          TENCENTCLOUD_SECRETKEY: 'run-role',
        },
        { parts: new Set(parts) },
      );
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) if (!problems.includes(p)) problems.push(p);
    }
  }
  const cosNeedsRole = Boolean(variables.COS_BUCKET) && !variables.COS_SECRET_ID;
  if (cosNeedsRole && !env.SCF_ROLE)
    problems.push(
      `SCF_ROLE is required: without COS_SECRET_ID/COS_SECRET_KEY the functions that use COS sign with their run role (运行角色), or every cold start fails; ${ROLE_HELP}`,
    );
  if (env.SCF_ROLE !== undefined && !/^[A-Za-z0-9+=,.@_-]{1,128}$/.test(env.SCF_ROLE))
    problems.push('SCF_ROLE is invalid: must be a CAM role name (letters, digits and +=,.@_-)');
  const secretId = env.TENCENTCLOUD_SECRET_ID ?? env.TENCENT_SECRET_ID;
  const secretKey = env.TENCENTCLOUD_SECRET_KEY ?? env.TENCENT_SECRET_KEY;
  if (needCredentials && (!secretId || !secretKey))
    problems.push(
      'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are required (or TENCENT_SECRET_ID / TENCENT_SECRET_KEY)',
    );
  if (Boolean(env.VPC_ID) !== Boolean(env.SUBNET_ID)) problems.push('VPC_ID and SUBNET_ID go together');
  const stage = env.STAGE ?? 'dev';
  if (!/^[a-z0-9]{1,16}$/.test(stage)) problems.push('STAGE is invalid: must be 1..16 of [a-z0-9]');
  const region = env.REGION ?? 'ap-guangzhou';
  if (!/^[a-z]+-[a-z]+(-\d+)?$/.test(region))
    problems.push('REGION is invalid: must be a region such as ap-guangzhou');
  if (problems.length > 0) throw new DeployError(problems);
  return {
    credentials: {
      secretId: secretId ?? '',
      secretKey: secretKey ?? '',
      ...(env.TENCENTCLOUD_SESSION_TOKEN ? { token: env.TENCENTCLOUD_SESSION_TOKEN } : {}),
    },
    region,
    stage,
    endpoint: env.SCF_ENDPOINT ?? 'https://scf.tencentcloudapi.com',
    vpc: env.VPC_ID && env.SUBNET_ID ? { VpcId: env.VPC_ID, SubnetId: env.SUBNET_ID } : undefined,
    role: env.SCF_ROLE,
    cosNeedsRole,
    variables,
  };
}
