// npm run deploy [-- --dry-run] [-- --env-file .env.production]: the layer, the eight functions with
// their Function URLs (album-check: its COS trigger) and the game as a WebSocket web function,
// through the SCF API. Secrets are never printed: variables are listed by name only.
import { join } from 'node:path';
import { buildAll } from '../scripts/build.js';
import { readArgs, runTool } from '../scripts/cli.js';
import { applyPlan, type DeployReport, type Preview, previewPlan } from './apply.js';
import { makePlan, type Plan } from './plan.js';
import { scfApi } from './scf-api.js';
import { DeployError, type DeploySettings, deploySettings, rolePolicy } from './settings.js';

const TOOL = {
  name: 'npm run deploy --',
  usage: `[--dry-run] [--env-file FILE] [--role-policy]

  Builds, then makes SCF match: the layer, every function with its own variables, role, VPC and
  layer, their Function URLs and album-check's COS trigger. Idempotent: a rerun with nothing
  changed changes nothing; a rerun after a failure finishes the job.

  --dry-run       print the plan and make no change; with credentials, read the account and say
                  per function whether it would be created, updated or left unchanged
  --env-file F    read variables from F (the environment wins); see README, Deploy
  --role-policy   print the CAM policy the functions' run role (SCF_ROLE) needs, and exit
  -h, --help      this text`,
  options: { 'dry-run': { type: 'boolean' }, 'role-policy': { type: 'boolean' } },
  envFile: true,
} as const;

export interface DeployTool {
  /** Where the build goes and is zipped from. */
  dist?: string;
  /** Makes the build (tests hand in one made already). */
  build?: (dist: string) => Promise<void>;
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  { dist = join(import.meta.dirname, '../dist'), build = buildAll }: DeployTool = {},
): Promise<number> {
  const args = readArgs(TOOL, argv, env, out);
  if (typeof args === 'number') return args;
  if (args.values['role-policy'] === true) {
    const { COS_BUCKET: bucket, COS_REGION: region } = args.env;
    if (!bucket || !region) {
      out('deploy: --role-policy needs COS_BUCKET and COS_REGION');
      return 2;
    }
    out(JSON.stringify(rolePolicy(bucket, region), null, 2));
    return 0;
  }
  const dryRun = args.values['dry-run'] === true;
  const hasCredentials = Boolean(
    (args.env.TENCENTCLOUD_SECRET_ID ?? args.env.TENCENT_SECRET_ID) &&
      (args.env.TENCENTCLOUD_SECRET_KEY ?? args.env.TENCENT_SECRET_KEY),
  );
  let settings: DeploySettings;
  try {
    settings = deploySettings(args.env, { needCredentials: !dryRun });
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    out(`deploy: ${err.problems.length} problem${err.problems.length > 1 ? 's' : ''}, nothing was called:`);
    for (const problem of err.problems) out(`  - ${problem}`);
    return 2;
  }
  // Built only now: --help, a usage error or a configuration problem answers without waiting for it.
  await build(dist);
  const plan = makePlan(settings, dist);
  const scf = scfApi(settings);
  let preview: Preview | undefined;
  if (dryRun && hasCredentials) {
    try {
      preview = await previewPlan(scf, plan);
    } catch (err) {
      out(`deploy: reading the account failed: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  printPlan(settings, plan, dryRun, hasCredentials, preview, out);
  if (dryRun) return 0;
  let report: DeployReport;
  try {
    report = await applyPlan(scf, plan, { log: (line) => out(`  ${line}`) });
  } catch (err) {
    out(`deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    out('run npm run deploy again to finish: it picks up where it stopped');
    return 1;
  }
  out(
    `layer ${report.layer.name} version ${report.layer.version}${report.layer.published ? ' (published)' : ' (unchanged)'}`,
  );
  for (const fn of report.functions) {
    const where = fn.cosTrigger
      ? `COS trigger ${fn.cosTrigger} album/`
      : (fn.url ?? 'URL: see its 函数 URL page in the console');
    out(`${fn.name}: ${fn.changes.length ? fn.changes.join(', ') : 'unchanged'}; ${where}`);
  }
  out('deployed; check every function and what it depends on with:');
  out(smokeCommand(settings, plan, report));
  return 0;
}

function printPlan(
  settings: DeploySettings,
  plan: Plan,
  dryRun: boolean,
  read: boolean,
  preview: Preview | undefined,
  out: (line: string) => void,
): void {
  const mode = dryRun
    ? read
      ? ' (dry run: the account is read, nothing is changed)'
      : ' (dry run, no credentials: nothing is called)'
    : '';
  out(`deploy to ${settings.region}, stage ${settings.stage}, at ${settings.endpoint}${mode}`);
  const layerVersion = preview
    ? preview.layerVersion !== undefined
      ? `version ${preview.layerVersion} (unchanged)`
      : 'a new version'
    : undefined;
  out(
    `  layer ${plan.layer.name}: build ${plan.layer.artifact.build}, ${plan.layer.artifact.zip.length} bytes${layerVersion ? `, ${layerVersion}` : ''}`,
  );
  for (const fn of plan.functions) {
    const changes = preview?.functions.find((f) => f.name === fn.name)?.changes;
    const action =
      changes === undefined
        ? ''
        : changes.includes('created')
          ? 'create: '
          : changes.length
            ? `update (${changes.join(', ')}): `
            : 'unchanged: ';
    const kind = fn.kind.Type === 'HTTP' ? 'web function (WebSocket)' : 'event function';
    const trigger =
      fn.trigger === 'url' ? 'Function URL' : `COS ${fn.trigger.cos.bucketUrl} album/ (cos:ObjectCreated:*)`;
    const names = fn.config.Environment.Variables.map((v) => v.Key).join(', ');
    out(
      `  ${fn.name}: ${action}${kind}, build ${fn.artifact.build}, ${fn.config.Runtime}, ${fn.config.MemorySize} MB, ${fn.config.Timeout} s`,
    );
    out(
      `    role ${fn.config.Role ?? 'none'}, VPC ${fn.config.VpcConfig ? `${fn.config.VpcConfig.VpcId}/${fn.config.VpcConfig.SubnetId}` : 'none'}, trigger ${trigger}, layer ${plan.layer.name} ${layerVersion ?? `build ${plan.layer.artifact.build}`}`,
    );
    out(`    variables ${names}`);
  }
}

/** The smoke check of this deployment, with every function's URL and the album bucket. */
function smokeCommand(settings: DeploySettings, plan: Plan, report: DeployReport): string {
  const args = plan.functions.flatMap((fn) => {
    if (fn.trigger !== 'url') return [];
    const url = report.functions.find((f) => f.name === fn.name)?.url;
    const shown = url
      ? fn.key === 'game'
        ? url.replace(/^http/, 'ws')
        : url
      : `<${fn.name}'s Function URL>`;
    return [`${fn.key}=${shown}`];
  });
  const { COS_BUCKET: bucket, COS_REGION: region } = settings.variables;
  if (bucket && region) args.push(`bucket=https://${bucket}.cos.${region}.myqcloud.com`);
  return `npm run smoke -- ${args.join(' ')}`;
}

await runTool(import.meta.url, (argv, env, out) => main(argv, env, out));
