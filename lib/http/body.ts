// Request body parsing: size limit, strict UTF-8, JSON, and a guard that no object key anywhere
// starts with "$" (MongoDB operators never come from clients) or nests deeper than we ever need.
import { InvalidInputError, PayloadTooLargeError } from './errors.js';

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(body: Buffer, limitBytes: number): unknown {
  if (body.length > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InvalidInputError('body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('body is not valid JSON');
  }
  assertPlainData(value);
  return value;
}

/** Iterative walk, so hostile nesting cannot overflow the stack. */
export function assertPlainData(root: unknown): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) throw new InvalidInputError(`body is nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$'))
        throw new InvalidInputError(`field ${key} is not allowed ("$" keys are reserved)`);
      stack.push({ value: item, depth: depth + 1 });
    }
  }
}
