// A WebSocket player for tests: sends frames, records every frame received, and waits for one that
// matches. Also starts built game instances (dist/game) as separate processes, SCF layout.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ServerFrame } from '../../contract/game.js';
import { scfNode } from '../../scripts/scf-runtime.js';
import type { Session } from './login.js';
import { freePort } from './services.js';

export interface GamePlayer {
  ws: WebSocket;
  frames: ServerFrame[];
  send(frame: unknown): void;
  /** The first frame of `type` matching `match`, among those received since index `since`. */
  next<T extends ServerFrame['type']>(
    type: T,
    match?: (f: Extract<ServerFrame, { type: T }>) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<Extract<ServerFrame, { type: T }>>;
  closed: Promise<{ code: number; reason: string }>;
}

export function connect(url: string, session?: Session): Promise<GamePlayer> {
  const ws = new WebSocket(url, { headers: session ? session.headers : {} });
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        next(type, match = () => true, timeoutMs = 5000, since = 0) {
          let seen = since;
          return new Promise((ok, fail) => {
            const check = () => {
              for (; seen < frames.length; seen++) {
                const f = frames[seen]!;
                if (f.type === type && match(f as never)) {
                  seen++;
                  waiters.delete(check);
                  clearTimeout(timer);
                  return ok(f as never);
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.type))}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });
}

export interface GameProcess {
  url: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs dist/game as SCF would (its own Node.js 18.15 process, the layer on NODE_PATH). */
export async function startGameProcess(env: Record<string, string>): Promise<GameProcess> {
  const root = join(import.meta.dirname, '../..');
  const port = await freePort();
  const child = spawn(scfNode(), ['index.js'], {
    cwd: join(root, 'dist/game'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_PATH: join(root, 'dist/layer/node_modules'),
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`game process exited: ${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `ws://127.0.0.1:${port}/game`,
    child,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
