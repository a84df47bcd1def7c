// Real services for tests: redis-server and FerretDB v1 (PostgreSQL backend) on free loopback ports
// with data in temp dirs, or REDIS_URL / MONGO_URL when they are set. A missing binary is a loud
// failure (and in CI always a failure); FerretDB is built from the Go module proxy when absent.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Cluster } from 'ioredis';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export class MissingServiceError extends Error {
  override name = 'MissingServiceError';
}

export interface ServiceHandle {
  url: string;
  port: number;
  /** Stops the process; the data dir is kept so start() brings the same data back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: the process keeps its port and accepts connections but never answers (a hang, not a refusal). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** Stops the process and deletes its data dir. */
  dispose(): Promise<void>;
  /** The last 4000 characters the process (since its last start) wrote, for a failure's message. */
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function findRedisServer(): string {
  const bin = process.env.REDIS_SERVER_BIN ?? which('redis-server');
  if (!bin) {
    throw new MissingServiceError(
      'redis-server is not installed. Tests run against a real Redis: install it (Debian/Ubuntu: ' +
        '`apt-get install redis-server`) or set REDIS_URL to a Redis you own.',
    );
  }
  return bin;
}

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weapp-scf');
}

/** The FerretDB binary: FERRETDB_BIN, else a cached build, else built now with Go. */
export function ensureFerretDB(log: (line: string) => void = console.error): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cached = join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(cached)) return cached;
  const go = which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new MissingServiceError(
      `FerretDB ${FERRETDB_VERSION} is not built and Go is not installed. Install Go (it builds FerretDB ` +
        'from the Go module proxy on first run), set FERRETDB_BIN to a ferretdb binary, or set MONGO_URL.',
    );
  }
  log(`building FerretDB ${FERRETDB_VERSION} with ${go} (first run only; about a minute)...`);
  // `go install ...@v1.24.2` builds a binary that panics at start: the module zip lacks
  // build/version/version.txt. So: fetch the module through the proxy, add that file, build.
  const info = JSON.parse(
    execFileSync(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      encoding: 'utf8',
      cwd: tmpdir(),
    }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir)
    throw new MissingServiceError(`could not download FerretDB: ${info.Error ?? 'unknown error'}`);
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    execFileSync('cp', ['-R', `${info.Dir}/.`, work]);
    execFileSync('chmod', ['-R', 'u+w', work]);
    writeFileSync(join(work, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(cacheDir(), { recursive: true });
    const partial = `${cached}.partial-${process.pid}`;
    execFileSync(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: work,
      stdio: 'inherit',
    });
    execFileSync('mv', [partial, cached]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`FerretDB ${FERRETDB_VERSION} built: ${cached}`);
  return cached;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
      socket.connect(port, '127.0.0.1');
    };
    attempt();
  });
}

function supervise(name: string, port: number, dataDir: string, spawnIt: () => ChildProcess): ServiceHandle {
  let child: ChildProcess | undefined;
  let output = '';
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const start = async () => {
    output = '';
    const proc = spawnIt();
    child = proc;
    proc.stdout?.on('data', (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    });
    proc.stderr?.on('data', (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    });
    const died = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`${name} exited (${code}) at start:\n${output}`))),
    );
    await Promise.race([waitForPort(port, 20_000), died]);
    // A service that dies right after it opened its port (FerretDB restarted on a busy machine has
    // been seen not to serve again) fails here with its output, not later as "unavailable".
    await Promise.race([new Promise((r) => setTimeout(r, 300)), died]);
    died.catch(() => {});
  };
  return {
    url: '',
    port,
    start,
    stop,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    output: () => output,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Loopback only, no snapshots; `persistent`: an append-only file in the data dir. */
function redisServerArgs(port: number, dir: string, persistent: boolean): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    persistent ? 'yes' : 'no',
    '--dir',
    dir,
  ];
}

/** `persistent`: an append-only file in the data dir, so data survives stop() and start(). */
export async function startRedis({ persistent = false } = {}): Promise<ServiceHandle> {
  const bin = findRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-redis-'));
  const args = redisServerArgs(port, dir, persistent);
  const handle = supervise('redis-server', port, dir, () =>
    spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  await handle.start();
  return { ...handle, url: `redis://127.0.0.1:${port}` };
}

/** Debian's PostgreSQL server binaries (`apt-get install postgresql`): PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin. */
export function findPostgres(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin/postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new MissingServiceError(
      'PostgreSQL is not installed. FerretDB runs on its PostgreSQL backend in the tests: install it ' +
        '(Debian/Ubuntu: `apt-get install postgresql`) or set MONGO_URL.',
    );
  }
  return join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: then its commands run as the `postgres` user (setpriv execs,
 * so signals reach the server itself), and its data dir belongs to that user. */
function asPostgresUser(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
}

/** A private PostgreSQL server for FerretDB: a temp data dir, loopback only, trust auth for the
 * `ferretdb` role, no durability (fsync off: the tests want a server's concurrency, not its disk). */
async function startPostgres(): Promise<ServiceHandle> {
  const bin = findPostgres();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-postgres-'));
  const prefix = asPostgresUser(dir);
  const run = (command: string, args: string[]) => {
    const [head, ...rest] = [...prefix, join(bin, command), ...args];
    return { head: head!, rest };
  };
  const initdb = run('initdb', [
    '-D',
    join(dir, 'data'),
    '-U',
    'ferretdb',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  execFileSync(initdb.head, initdb.rest, { cwd: dir, stdio: 'pipe' });
  const server = run('postgres', [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const handle = supervise('postgres', port, dir, () =>
    spawn(server.head, server.rest, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  await handle.start();
  return { ...handle, url: `postgres://ferretdb@127.0.0.1:${port}/postgres` };
}

/**
 * FerretDB on its PostgreSQL backend (its production one: SQLite serializes every write, so under
 * concurrency the tests and the bench would measure its lock), with a private PostgreSQL behind
 * it. stop()/start()/freeze() act on FerretDB, the MongoDB server the code talks to; dispose()
 * ends both. `sqlite`: the outage test only, which stops and restarts FerretDB (see README).
 */
export async function startFerretDB({
  backend = 'postgresql',
}: {
  backend?: 'postgresql' | 'sqlite';
} = {}): Promise<ServiceHandle> {
  const bin = ensureFerretDB();
  const postgres = backend === 'postgresql' ? await startPostgres() : undefined;
  try {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-ferretdb-'));
    const storage = postgres
      ? ['--handler=postgresql', `--postgresql-url=${postgres.url}`]
      : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
    const args = [
      ...storage,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ];
    const env = { ...process.env, DO_NOT_TRACK: '1' };
    const handle = supervise('ferretdb', port, dir, () =>
      spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    await handle.start();
    return {
      ...handle,
      url: `mongodb://127.0.0.1:${port}/`,
      dispose: async () => {
        await handle.dispose();
        await postgres?.dispose();
      },
    };
  } catch (err) {
    await postgres?.dispose();
    throw err;
  }
}

export interface ClusterHandle {
  /** host:port of every master, comma-separated: what REDIS_CLUSTER_NODES takes. */
  nodes: string;
  ports: number[];
  /** Each master's process, in `ports` order (to freeze one). */
  masters: ServiceHandle[];
  /** With `replicas`: each replica's process and port (their masters are in `ports`). */
  replicas: ServiceHandle[];
  replicaPorts: number[];
  dispose(): Promise<void>;
}

/** What `redis-cli -p <port> <args>` prints. */
function redisCli(cli: string, port: number, ...args: string[]): Promise<string> {
  return new Promise<string>((resolve) => {
    const p = spawn(cli, ['-p', String(port), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', () => resolve(out));
  });
}

/**
 * CLUSTER SLOTS, what clients route by, leaves out a replica until it has replicated something
 * (offset 0 means "not available"): write once to every master, then wait for the replicas.
 */
async function untilReplicasListed(masterPorts: number[]): Promise<void> {
  const client = new Cluster(masterPorts.map((port) => ({ host: '127.0.0.1', port })));
  try {
    const keys = Array.from({ length: 64 }, (_, i) => `weapp-scf:warm:${i}`);
    await Promise.all(keys.map((key) => client.set(key, '1')));
    await Promise.all(keys.map((key) => client.del(key)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ranges = (await client.cluster('SLOTS')) as unknown[][];
      if (ranges.length > 0 && ranges.every((range) => range.length > 3)) return;
      if (Date.now() > deadline) throw new Error('Redis Cluster replicas are not listed in CLUSTER SLOTS');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    client.disconnect();
  }
}

/** A real 3-master Redis Cluster on loopback (no persistence, free ports), made with redis-cli;
 * with `replicas: 1`, each master gets a replica (6 processes). */
export async function startRedisCluster({ replicas = 0 } = {}): Promise<ClusterHandle> {
  const bin = findRedisServer();
  const cli = join(dirname(bin), 'redis-cli');
  const handles: ServiceHandle[] = [];
  try {
    for (let i = 0; i < 3 * (1 + replicas); i++) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-redis-cluster-'));
      const args = [
        ...redisServerArgs(port, dir, false),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        // With replicas, a node starved on a loaded machine must not be failed (and dropped from
        // CLUSTER SLOTS) by its peers in the middle of a test.
        replicas > 0 ? '5000' : '2000',
        // Without replicas, a frozen master would take every slot down; the tests want to see the
        // other masters keep serving while one is away.
        '--cluster-require-full-coverage',
        'no',
      ];
      const handle = supervise('redis-server (cluster)', port, dir, () =>
        spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      await handle.start();
      handles.push(handle);
    }
    const ports = handles.map((h) => h.port);
    await new Promise<void>((resolve, reject) => {
      const create = spawn(
        cli,
        [
          '--cluster',
          'create',
          ...ports.map((p) => `127.0.0.1:${p}`),
          '--cluster-replicas',
          String(replicas),
          '--cluster-yes',
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      create.stdout.on('data', (b: Buffer) => (out += b.toString()));
      create.stderr.on('data', (b: Buffer) => (out += b.toString()));
      create.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`redis-cli --cluster create failed:\n${out}`)),
      );
    });
    // Every node must agree the cluster is up (and every replica be in sync) before a client uses it.
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      for (;;) {
        const info = await redisCli(cli, port, 'cluster', 'info');
        const replication = await redisCli(cli, port, 'info', 'replication');
        const synced = replication.includes('role:master') || replication.includes('master_link_status:up');
        // ...and knows every replica (what CLUSTER SLOTS tells clients comes from this table).
        const known = (await redisCli(cli, port, 'cluster', 'nodes'))
          .split('\n')
          .map((line) => (line.split(' ')[2] ?? '').split(','))
          .filter(
            (flags) => flags.includes('slave') && !flags.some((f) => /fail|handshake|noaddr/.test(f)),
          ).length;
        if (info.includes('cluster_state:ok') && synced && known === 3 * replicas) break;
        if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} is not ok:\n${info}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const isMaster = await Promise.all(
      ports.map(async (port) => (await redisCli(cli, port, 'role')).startsWith('master')),
    );
    const masters = handles.filter((_, i) => isMaster[i]);
    const replicaHandles = handles.filter((_, i) => !isMaster[i]);
    if (replicas > 0) await untilReplicasListed(masters.map((h) => h.port));
    return {
      nodes: masters.map((h) => `127.0.0.1:${h.port}`).join(','),
      ports: masters.map((h) => h.port),
      masters,
      replicas: replicaHandles,
      replicaPorts: replicaHandles.map((h) => h.port),
      dispose: async () => {
        await Promise.all(handles.map((h) => h.dispose()));
      },
    };
  } catch (err) {
    await Promise.all(handles.map((h) => h.dispose()));
    throw err;
  }
}
