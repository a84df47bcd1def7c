// Outgoing HTTP(S) on node:http/https: the calls to WeChat and COS. Not fetch(): undici's first
// use costs a cold start 30-50 ms (issue #16's profile) against a few for http.request. One
// deadline covers connect, send and the whole answer; answers larger than `maxBytes` are cut off
// as errors (a hostile or broken server cannot fill memory). node:http/https load on the first
// call: a session check (most cold starts) makes none. Connections are kept alive per origin
// (agents.ts).
import type { Agent, ClientRequest, RequestOptions } from 'node:http';
import { agentFor, dropFreeSockets, isStaleSocketError } from './agents.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Largest answer body accepted (default 1 MiB). */
  maxBytes?: number;
}

/** A request that failed on a reused socket before any byte of an answer: the server had closed it. */
class StaleSocket extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

type Send = (url: URL, options: RequestOptions) => ClientRequest;

// Loaded on the first call, then kept: a dynamic import per call goes through the module loader
// (and under tsx, through its loader thread) every time.
let httpModule: Promise<typeof import('node:http')> | undefined;
let httpsModule: Promise<typeof import('node:https')> | undefined;
const http = () => (httpModule ??= import('node:http'));
const https = () => (httpsModule ??= import('node:https'));

/**
 * Rejects with an Error named TimeoutError when the deadline passes, else with what failed. Sent
 * on a kept-alive connection (agents.ts); when that connection proves stale before any answer
 * byte, sent once more on a fresh one, within the same deadline. Never after an answer started.
 */
export async function httpCall(url: string, call: HttpCall): Promise<HttpAnswer> {
  const target = new URL(url);
  const module = await (target.protocol === 'https:' ? https() : http());
  const agent = agentFor(target.origin, module);
  const deadline = Date.now() + call.timeoutMs;
  try {
    return await attempt(module.request, target, call, agent, deadline, true);
  } catch (err) {
    if (!(err instanceof StaleSocket)) throw err;
    dropFreeSockets(agent);
    return attempt(module.request, target, call, agent, deadline, false);
  }
}

function attempt(
  send: Send,
  target: URL,
  call: HttpCall,
  agent: Agent,
  deadline: number,
  mayRetry: boolean,
): Promise<HttpAnswer> {
  const maxBytes = call.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const headers = { ...call.headers };
    if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
    const req = send(target, { method: call.method ?? 'GET', headers, agent });
    let answered = false;
    const timer = setTimeout(
      () => {
        const err = new Error('the server did not answer in time');
        err.name = 'TimeoutError';
        req.destroy(err);
      },
      Math.max(0, deadline - Date.now()),
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      const stale = mayRetry && !answered && req.reusedSocket && isStaleSocketError(err);
      reject(stale ? new StaleSocket(err) : err);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(call.body);
  });
}

/** A 2xx answer. */
export const isOk = (answer: HttpAnswer): boolean => answer.status >= 200 && answer.status <= 299;

/** A header of an answer as one string ('' when absent). */
export function header(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
