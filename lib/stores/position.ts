// Keyset positions for newest-first lists: (createdAt, id) descending. Pages that continue after
// a position neither skip nor repeat items while new ones arrive (those sort before it).

export interface Position {
  createdAt: Date;
  id: string;
}

export function newestFirst(a: Position, b: Position): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A predicate for items strictly after `position` in newest-first order (all, without one). */
export const isAfter = (position: Position | undefined) => (item: Position) =>
  !position || newestFirst(position, item) < 0;

/** The MongoDB filter for "strictly after `after`" in that order. */
export function afterFilter(after: Position | undefined) {
  return after
    ? {
        $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }],
      }
    : {};
}

export const NEWEST_FIRST = { createdAt: -1, id: -1 } as const;
