// A function as SCF runs it: the built layer in /opt and the function's artifact in /var/user
// (SCF's NODE_PATH), in a Node.js 18.15 process of its own that stays warm and takes one event
// after another on stdin, as a container does.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { scfNode } from '../../scripts/scf-runtime.js';

const root = join(import.meta.dirname, '../..');

export interface Reply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface FunctionProcess {
  /** The process id (its /proc/<pid>/status tells its peak RSS). */
  pid: number;
  invoke(event: unknown): Promise<Reply | string>;
  /** Everything the process wrote besides its results: its log lines. */
  output: string[];
  close(): void;
}

/** dist/ (built) laid out as SCF does for `names`: a new directory to give startWarmFunction. */
export function scfLayout(names: readonly string[]): string {
  const layout = mkdtempSync(join(tmpdir(), 'weapp-scf-layout-'));
  cpSync(join(root, 'dist/layer'), join(layout, 'opt'), { recursive: true });
  for (const name of names)
    cpSync(join(root, 'dist/functions', name), join(layout, name, 'var/user'), { recursive: true });
  return layout;
}

/** A warm container of `name`: one Node.js 18.15 process taking events on stdin, in SCF's layout
 * under `layout` (opt/ the layer, <name>/var/user the function). */
export function startWarmFunction(
  layout: string,
  name: string,
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
): FunctionProcess {
  const userDir = join(layout, name, 'var/user');
  const opt = join(layout, 'opt');
  const script = `
    const fn = require('./index.js');
    require('node:readline').createInterface({ input: process.stdin }).on('line', async (line) => {
      const { id, event } = JSON.parse(line);
      let out;
      try { out = { id, result: await fn.main_handler(event, { request_id: 'own-' + id, function_name: ${JSON.stringify(name)} }) }; }
      catch (e) { out = { id, error: String((e && e.stack) || e) }; }
      process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n');
    });`;
  const child: ChildProcess = spawn(scfNode(), [...nodeOptions, '-e', script], {
    cwd: userDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_PATH: [userDir, join(userDir, 'node_modules'), opt, join(opt, 'node_modules')].join(':'),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiting = new Map<number, (r: { result?: Reply | string; error?: string }) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('RESULT ')) return void output.push(line);
    const answer = JSON.parse(line.slice(7));
    waiting.get(answer.id)?.(answer);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  // A cold start that fails (a configuration error) ends the process: every pending call fails.
  child.once('exit', (code) => {
    for (const settle of waiting.values()) settle({ error: `the process exited (${code}) before answering` });
  });
  let next = 0;
  return {
    pid: child.pid!,
    output,
    invoke(event) {
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: no answer in 15 s\n${output.join('\n')}`)),
          15_000,
        );
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          if (answer.error !== undefined)
            reject(new Error(`${name} threw: ${answer.error}\n${output.join('\n')}`));
          else resolve(answer.result!);
        });
        child.stdin!.write(`${JSON.stringify({ id, event })}\n`);
      });
    },
    close: () => void child.kill('SIGKILL'),
  };
}
