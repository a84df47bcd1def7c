// Lua scripts with named inputs. A script declares its KEYS and ARGV by name; the body reads them
// as Lua locals of those names (the header is generated), callers pass objects keyed by those names,
// and `decode` says what the reply means. ioredis runs it with EVALSHA, falling back to EVAL.
import type { ChainableCommander } from 'ioredis';
import type { RedisClient as Redis } from './client.js';

export interface ScriptSpec<K extends string, A extends string, R> {
  /** The command name ioredis defines on the client (unique per script). */
  name: string;
  /** KEYS[1..n], in order. Every key a script touches must be one of them (Redis Cluster). */
  keys: readonly K[];
  /** ARGV[1..n], in order. */
  args: readonly A[];
  /** The body; it sees each key and argument as a local of its name. */
  lua: string;
  /** What the reply means. */
  decode(reply: unknown): R;
}

export type ScriptValues<N extends string> = { readonly [name in N]: string | number };

export interface Script<K extends string, A extends string, R> {
  readonly lua: string;
  /** The declared key names, KEYS[1..n]. */
  readonly keys: readonly K[];
  /** Defines the command on a client; pipelines made from it afterwards can queue the script. */
  define(redis: Redis): void;
  run(redis: Redis, keys: ScriptValues<K>, args: ScriptValues<A>): Promise<R>;
  /** Adds the call to a pipeline of a client the script was defined on before the pipeline was made. */
  queue(pipeline: ChainableCommander, keys: ScriptValues<K>, args: ScriptValues<A>): void;
}

const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function defineScript<const K extends string, const A extends string, R>(
  spec: ScriptSpec<K, A, R>,
): Script<K, A, R> {
  for (const name of [...spec.keys, ...spec.args]) {
    if (!LUA_NAME.test(name)) throw new Error(`script ${spec.name}: ${name} is not a Lua name`);
  }
  const header = [
    ...spec.keys.map((name, i) => `local ${name} = KEYS[${i + 1}]`),
    ...spec.args.map((name, i) => `local ${name} = ARGV[${i + 1}]`),
  ].join('\n');
  const lua = `${header}\n${spec.lua.trim()}\n`;
  const defined = new WeakSet<Redis>();
  const define = (redis: Redis) => {
    if (defined.has(redis)) return;
    redis.defineCommand(spec.name, { numberOfKeys: spec.keys.length, lua });
    defined.add(redis);
  };
  const values = (keys: ScriptValues<K>, args: ScriptValues<A>) => [
    ...spec.keys.map((name) => keys[name]),
    ...spec.args.map((name) => String(args[name])),
  ];
  type Callable = Record<string, (...values: (string | number)[]) => Promise<unknown>>;
  return {
    lua,
    keys: spec.keys,
    define,
    async run(redis, keys, args) {
      define(redis);
      return spec.decode(await (redis as unknown as Callable)[spec.name]!(...values(keys, args)));
    },
    queue(pipeline, keys, args) {
      const call = (pipeline as unknown as Callable)[spec.name];
      if (!call) throw new Error(`script ${spec.name} was not defined before this pipeline was made`);
      call.apply(pipeline, values(keys, args));
    },
  };
}
