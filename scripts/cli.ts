// One way for every command-line tool (deploy, migrate, smoke, seed, services) to read its
// arguments: --help prints the usage (exit 0), an unknown flag is one line naming it plus the usage
// (exit 2, no stack trace), and --env-file reads an env file under the environment (the
// environment wins), a missing or unreadable one in one clear line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs, parseEnv } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../lib/platform/config/index.js';

export interface Tool {
  /** As typed: `npm run deploy`. */
  name: string;
  /** The usage text, after its first line `usage: <name> ...`. */
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Whether bare arguments are taken (smoke's URLs). */
  positionals?: boolean;
  /** Whether the tool reads configuration (then --env-file is one of its options). */
  envFile?: boolean;
}

export type Parsed = {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The environment with the env file's values under it. */
  env: Record<string, string>;
};

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The arguments, or the exit code when the tool has already answered (help, a usage error). */
export function readArgs(
  tool: Tool,
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Parsed | number {
  const options = {
    ...tool.options,
    help: { type: 'boolean', short: 'h' },
    ...(tool.envFile ? { 'env-file': { type: 'string' } } : {}),
  } as const satisfies NonNullable<ParseArgsConfig['options']>;
  const usage = () => out(`usage: ${tool.name} ${tool.usage}`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: tool.positionals === true, strict: true });
  } catch (err) {
    out(`${tool.name}: ${describeArgError(err)}`);
    usage();
    return 2;
  }
  const values = parsed.values as Parsed['values'];
  if (values.help === true) {
    usage();
    return 0;
  }
  try {
    return {
      values,
      positionals: parsed.positionals,
      env: readEnvironment(env, values['env-file'] as string | undefined),
    };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out(`${tool.name}: ${err.message}`);
    return 2;
  }
}

function describeArgError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const option = /'(-{1,2}[^']*)'/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''}`.trimEnd();
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(e.message ?? '')?.[1] ?? ''}`.trimEnd();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `option ${option ?? ''} ${/(takes|does not take) an argument|argument missing/.exec(e.message ?? '')?.[0] ?? 'has a wrong value'}`;
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}

/** The environment, with an env file's values under it (the real environment wins); empty values
 * count as unset. */
export function readEnvironment(env: NodeJS.ProcessEnv, envFile?: string): Record<string, string> {
  let fromFile: NodeJS.Dict<string> = {};
  if (envFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(envFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT'
          ? `env file ${envFile} not found`
          : `env file ${envFile} cannot be read (${code ?? 'error'})`,
      );
    }
    fromFile = parseEnv(text);
  }
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...fromFile, ...env }))
    if (typeof v === 'string' && v !== '') merged[k] = v;
  return merged;
}

/** The arguments and the configuration they give (every problem printed, one a line), or the exit
 * code when the tool has already answered. */
export function readConfiguration(
  tool: Tool & { envFile: true },
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): { args: Parsed; config: Config } | number {
  const args = readArgs(tool, argv, env, out);
  if (typeof args === 'number') return args;
  try {
    return { args, config: loadConfig(args.env) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const name = tool.name.replace(/^npm run | --$/g, '');
    for (const problem of err.problems) out(`${name}: ${problem}`);
    return 2;
  }
}

/** Runs a tool's main when its file is the one node started, setting the exit code. */
export async function runTool(
  url: string,
  main: (argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void) => Promise<number>,
): Promise<void> {
  if (process.argv[1] !== fileURLToPath(url)) return;
  process.exitCode = await main(process.argv.slice(2), process.env, (line) => console.log(line));
}
