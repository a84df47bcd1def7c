// Local invoke: calls a function's main_handler the way SCF does and decodes the integrated
// response. Every response is checked for leaked secrets.
import { expect } from 'vitest';
import type { ScfFunction } from '../../lib/platform/http/handler.js';
import { type EventFactory, functionUrlEvent, type RequestSpec, scfContext } from './events.js';
import { leakedSecret } from './secrets.js';

export interface Invoked {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  requestId: string;
}

export async function invoke(
  fn: ScfFunction,
  spec: RequestSpec,
  makeEvent: EventFactory = functionUrlEvent,
): Promise<Invoked> {
  const context = scfContext('test');
  const result = await fn.main_handler(makeEvent(spec), context);
  context.succeed(result);
  expect(result.isBase64Encoded).toBe(false);
  expect(leakedSecret(result.body), 'a secret appeared in a response').toBeUndefined();
  return {
    status: result.statusCode,
    headers: result.headers,
    body: JSON.parse(result.body),
    requestId: context.request_id!,
  };
}
