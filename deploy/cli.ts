// npm run deploy [-- --dry-run] [-- --env-file .env.production]: the layer, the five functions with
// their Function URLs and the game as a WebSocket web function, through the SCF API. Secrets are
// never printed: variables are listed by name only.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan } from './apply.js';
import { makePlan } from './plan.js';
import { scfApi } from './scf-api.js';
import { DeployError, deploySettings, readEnvironment } from './settings.js';

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'dry-run': { type: 'boolean' }, 'env-file': { type: 'string' } },
  });
  const dryRun = values['dry-run'] === true;
  let settings: ReturnType<typeof deploySettings>;
  try {
    settings = deploySettings(readEnvironment(env, values['env-file']), { needCredentials: !dryRun });
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    out(`deploy: ${err.message}`);
    return 2;
  }
  const plan = makePlan(settings, join(import.meta.dirname, '../dist'));
  out(
    `deploy to ${settings.region}, stage ${settings.stage}, at ${settings.endpoint}${dryRun ? ' (dry run: no call is made)' : ''}`,
  );
  out(
    `  layer ${plan.layer.name}: build ${plan.layer.artifact.build}, ${plan.layer.artifact.zip.length} bytes`,
  );
  for (const fn of plan.functions) {
    const names = fn.config.Environment.Variables.map((v) => v.Key).join(', ');
    out(
      `  ${fn.name}: ${fn.kind.Type === 'HTTP' ? 'web function (WebSocket)' : fn.trigger === 'url' ? 'event function' : `event function on COS ${fn.trigger.cos.bucketUrl} album/`}, build ${fn.artifact.build}, ${fn.config.MemorySize} MB, ${fn.config.Timeout} s, VPC ${fn.config.VpcConfig?.VpcId ?? 'none'}, variables ${names}`,
    );
  }
  if (dryRun) return 0;
  try {
    const report = await applyPlan(scfApi(settings), plan, { log: (line) => out(`  ${line}`) });
    out(
      `layer ${report.layer.name} version ${report.layer.version}${report.layer.published ? ' (published)' : ' (unchanged)'}`,
    );
    for (const fn of report.functions) {
      out(
        `${fn.name}: ${fn.changes.length ? fn.changes.join(', ') : 'unchanged'}; ${fn.cosTrigger ? `COS trigger ${fn.cosTrigger} album/` : (fn.url ?? 'URL: see the function’s 函数 URL page in the console')}`,
      );
    }
    out('deployed; check it with: npm run smoke -- <a function URL>');
    return 0;
  } catch (err) {
    out(`deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    out(
      'nothing was reported as deployed; run npm run deploy again to finish (it picks up where it stopped)',
    );
    return 1;
  }
}

if (process.argv[1] === import.meta.filename) {
  process.exitCode = await main(process.argv.slice(2), process.env, (line) => console.log(line));
}
