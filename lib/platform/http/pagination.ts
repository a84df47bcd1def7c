// The contract's list parameters: ?limit= (1..50, default 20) and an opaque ?cursor=.
import { z } from 'zod';
import type { Page } from '../../../contract/wire.js';
import { InvalidInputError } from '../errors.js';

// Strict: "20 ", "0x10" or "1e1" are not limits, though Number() would take them.
const limit = z
  .string()
  .regex(/^[0-9]{1,3}$/, 'must be a whole number 1..50')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 50, 'must be a whole number 1..50');

export const listQuery = z.object({
  limit: limit.optional().transform((n) => n ?? 20),
  cursor: z.string().min(1).max(512).optional(),
});

export type { Page };

/**
 * A page from a store asked for `limit + 1` items: the extra one only says that more follow, so
 * the cursor names the last item shown.
 */
export function pageOf<S, T>(
  found: readonly S[],
  limit: number,
  view: (item: S) => T,
  cursorOf: (last: S) => string,
): Page<T> {
  const items = found.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    nextCursor: found.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}

export const encodeCursor = (value: string) => Buffer.from(value, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** A cursor for a keyset position (see stores/position.ts). */
export function positionCursor(p: { createdAt: Date; id: string }): string {
  return encodeCursor(JSON.stringify({ t: p.createdAt.getTime(), id: p.id }));
}

/** The position in a cursor; anything else (forged, from another list) is ERR_INVALID_INPUT. */
export function positionOf(cursor: string, idPattern: RegExp): { createdAt: Date; id: string } {
  try {
    const { t, id } = JSON.parse(decodeCursor(cursor)) as { t?: unknown; id?: unknown };
    if (typeof t === 'number' && Number.isSafeInteger(t) && typeof id === 'string' && idPattern.test(id)) {
      return { createdAt: new Date(t), id };
    }
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor: not a cursor of this list');
}
