import { describe, expect, it } from 'vitest';
import { afterFilter, isAfter, newestFirst, type Position } from './position.js';

const at = (t: number, id: string): Position => ({ createdAt: new Date(t), id });

describe('newest-first keyset positions', () => {
  it('orders by time, newest first, then by id descending', () => {
    const items = [at(1, 'a'), at(2, 'a'), at(2, 'b'), at(0, 'z')];
    expect(items.sort(newestFirst).map((p) => `${p.createdAt.getTime()}${p.id}`)).toEqual([
      '2b',
      '2a',
      '1a',
      '0z',
    ]);
  });

  it('takes exactly the items strictly after a position', () => {
    const items = [at(2, 'b'), at(2, 'a'), at(1, 'c')];
    expect(items.filter(isAfter(at(2, 'b'))).map((p) => p.id)).toEqual(['a', 'c']);
    expect(items.filter(isAfter(undefined))).toHaveLength(3);
  });

  it('says the same in a MongoDB filter', () => {
    expect(afterFilter(undefined)).toEqual({});
    expect(afterFilter(at(5, 'm'))).toEqual({
      $or: [{ createdAt: { $lt: new Date(5) } }, { createdAt: new Date(5), id: { $lt: 'm' } }],
    });
  });
});
