// Outgoing HTTP(S) on node:http/https: the calls to WeChat and COS. Not fetch(): undici's first
// use costs a cold start 30-50 ms (issue #16's profile) against a few for http.request. One
// deadline covers connect, send and the whole answer; answers larger than `maxBytes` are cut off
// as errors (a hostile or broken server cannot fill memory). node:http/https load on the first
// call: a session check (most cold starts) makes none.
import type { ClientRequest, RequestOptions } from 'node:http';

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

/** Rejects with an Error named TimeoutError when the deadline passes, else with what failed. */
export async function httpCall(url: string, call: HttpCall): Promise<HttpAnswer> {
  const target = new URL(url);
  const send: (url: URL, options: RequestOptions) => ClientRequest =
    target.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  const maxBytes = call.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const headers = { ...call.headers };
    if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
    const req = send(target, { method: call.method ?? 'GET', headers });
    const timer = setTimeout(() => {
      const err = new Error('the server did not answer in time');
      err.name = 'TimeoutError';
      req.destroy(err);
    }, call.timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    req.on('error', fail);
    req.on('response', (res) => {
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
