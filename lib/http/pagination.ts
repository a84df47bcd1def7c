// The contract's list parameters: ?limit= (1..50, default 20) and an opaque ?cursor=.
import { z } from 'zod';

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (value: string) => Buffer.from(value, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
