// Request body parsing: size limit, strict UTF-8, JSON, and a guard that no object key anywhere
// starts with "$" (MongoDB operators never come from clients) or nests deeper than we ever need.
import { InvalidInputError, PayloadTooLargeError } from '../errors.js';

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

/** Iterative and allocation-free (two parallel stacks, primitives never pushed): it runs on every
 * body, including 1 MiB drawings, so hostile nesting cannot overflow the stack and big bodies stay cheap. */
export function assertPlainData(root: unknown): void {
  const values: object[] = [];
  const depths: number[] = [];
  if (typeof root === 'object' && root !== null) {
    values.push(root);
    depths.push(0);
  }
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth >= MAX_DEPTH) throw new InvalidInputError(`body is nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in value) {
      if (key.charCodeAt(0) === 36)
        throw new InvalidInputError(`field ${key} is not allowed ("$" keys are reserved)`);
      const item: unknown = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) {
        values.push(item);
        depths.push(depth + 1);
      }
    }
  }
}
