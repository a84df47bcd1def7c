// The command-line tools as a new user meets them: --help (exit 0), an unknown flag (one line
// naming it, then the usage; exit 2; no stack trace), --env-file read the same way by every tool
// that reads configuration, a missing env file in one line; and on a Node.js older than the tools
// need (SCF's own 18.15), one line naming the version before anything else runs.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { main as deploy } from '../../deploy/cli.js';
import { migrate } from '../../scripts/migrate.js';
import { scfNode } from '../../scripts/scf-runtime.js';
import { seed } from '../../scripts/seed.js';
import { smoke } from '../../scripts/smoke.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Main = (argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void) => Promise<number>;
const noBuild: Main = (argv, env, out) => deploy(argv, env, out, { build: async () => undefined });
const TOOLS: Array<[string, Main, boolean]> = [
  ['npm run deploy --', noBuild, true],
  ['npm run migrate --', migrate, true],
  ['npm run seed --', seed, true],
  ['npm run smoke --', smoke, false],
];

async function run(tool: Main, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await tool(argv, env, (l) => lines.push(l));
  return { code, lines };
}

describe.each(TOOLS)('%s', (name, tool, readsConfiguration) => {
  it('--help prints its usage and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, lines } = await run(tool, [flag]);
      expect(code).toBe(0);
      expect(lines[0]).toMatch(new RegExp(`^usage: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
      expect(lines.join('\n')).toContain('-h, --help');
      if (readsConfiguration) expect(lines.join('\n')).toContain('--env-file');
    }
  });

  it('an unknown flag: one line naming it, then the usage, exit 2', async () => {
    const { code, lines } = await run(tool, ['--bogus']);
    expect(code).toBe(2);
    expect(lines[0]).toBe(`${name}: unknown option --bogus`);
    expect(lines[1]).toMatch(/^usage: /);
  });
});

describe.each(TOOLS.filter(([, , reads]) => reads))('%s --env-file', (name, tool) => {
  it('a missing env file: one clear line, exit 2', async () => {
    const { code, lines } = await run(tool, ['--env-file', join(dir, 'nope.env')]);
    expect(code).toBe(2);
    expect(lines).toEqual([`${name}: env file ${join(dir, 'nope.env')} not found`]);
  });
});

describe('--env-file', () => {
  it('gives migrate and the deploy’s dry run their variables, under the environment', async () => {
    const db = `tools_${Date.now().toString(36)}`;
    const migrateFile = join(dir, 'migrate.env');
    writeFileSync(migrateFile, `MONGO_URL=${inject('mongoUrl')}\nMONGO_DB=overridden-below\n`);
    const migrated = await run(migrate, ['--env-file', migrateFile], { MONGO_DB: db });
    expect(migrated.code, migrated.lines.join('\n')).toBe(0);
    expect(migrated.lines).toContain(`${db}.users: indexes in place`);
    // The dry run connects to nothing: loopback addresses that nothing listens on.
    const file = join(dir, 'prod.env');
    writeFileSync(
      file,
      [
        'MONGO_URL=mongodb://127.0.0.1:1/weapp',
        'WX_APPID=wx0123456789abcdef',
        'WX_SECRET="a secret # not a comment"',
        'REDIS_URL=redis://127.0.0.1:1',
        'COS_BUCKET=album-1250000000',
        'COS_REGION=ap-guangzhou',
        'SCF_ROLE=weapp_scf_run',
      ].join('\n'),
    );
    const planned = await run(noBuild, ['--dry-run', '--env-file', file]);
    expect(planned.code, planned.lines.join('\n')).toBe(0);
    expect(planned.lines.join('\n')).toContain('weapp-scf-dev-album-check');
    expect(planned.lines.join('\n')).not.toContain('a secret');
  });
});

describe('the tools as commands', () => {
  const tsx = join(root, 'node_modules/.bin/tsx');

  it('an unknown flag prints no stack trace: the command npm run deploy runs, as a process', async () => {
    const res = spawnSync(tsx, ['deploy/cli.ts', '--bogus'], { cwd: root, encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stdout.split('\n')[0]).toBe('npm run deploy --: unknown option --bogus');
    expect(res.stderr).toBe('');
  });

  it('npm run services answers --help without starting anything, and refuses an unknown flag', () => {
    const help = spawnSync(tsx, ['scripts/services.ts', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run services -- /);
    const bad = spawnSync(tsx, ['scripts/services.ts', '--port', '1'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout.split('\n')[0]).toBe('npm run services --: unknown option --port');
  });
});

describe('on a Node.js older than the tools need', () => {
  const node18 = scfNode();
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;

  it('package.json says the version the tools need', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node).toBe('>=20.12');
  });

  it.each(['start', 'deploy', 'migrate', 'smoke', 'seed', 'services', 'build', 'test'])(
    'npm run %s stops with one line naming the version, before running anything (Node.js 18.15)',
    async (script) => {
      expect(scripts[script]).toMatch(/^node scripts\/node-version\.cjs && /);
      // The script's own command line, as npm runs it, with Node.js 18.15 first on PATH.
      const result = await promisify(execFile)('sh', ['-c', scripts[script]!], {
        cwd: root,
        env: { ...process.env, PATH: `${dirname(node18)}:${process.env.PATH}` },
      }).then(
        () => ({ code: 0, stderr: '', stdout: '' }),
        (err: { code: number; stderr: string; stdout: string }) => err,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'weapp-scf: the tools need Node.js 20.12 or newer, and this is Node.js 18.15.0 (install a newer one, e.g. with nvm: nvm install 22)\n',
      );
    },
  );

  it('the check lets the Node.js running these tests through', () => {
    const res = spawnSync(process.execPath, [join(root, 'scripts/node-version.cjs')], { encoding: 'utf8' });
    expect([res.status, res.stderr]).toEqual([0, '']);
  });
});
