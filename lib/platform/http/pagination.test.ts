import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { decodeCursor, encodeCursor, listQuery, pageOf, positionCursor, positionOf } from './pagination.js';

describe('listQuery', () => {
  it('defaults the limit to 20 and accepts 1..50', () => {
    expect(listQuery.parse({})).toEqual({ limit: 20 });
    expect(listQuery.parse({ limit: '1', cursor: 'abc' })).toEqual({ limit: 1, cursor: 'abc' });
    expect(listQuery.parse({ limit: '50' }).limit).toBe(50);
  });

  it.each(['0', '51', '20 ', '0x10', '1e1', '-1', '', '2.5'])('refuses the limit %j', (limit) => {
    expect(listQuery.safeParse({ limit }).success).toBe(false);
  });
});

describe('pageOf', () => {
  const cursorOf = (n: number) => `after-${n}`;

  it('shows `limit` items and a cursor naming the last shown when one more was found', () => {
    expect(pageOf([1, 2, 3], 2, (n) => n * 10, cursorOf)).toEqual({ items: [10, 20], nextCursor: 'after-2' });
  });

  it('has no cursor on the last page', () => {
    expect(pageOf([1, 2], 2, (n) => n, cursorOf)).toEqual({ items: [1, 2], nextCursor: null });
    expect(pageOf([], 2, (n: number) => n, cursorOf)).toEqual({ items: [], nextCursor: null });
  });
});

describe('position cursors', () => {
  const ID = /^[a-z]{1,8}$/;

  it('round-trip a keyset position', () => {
    const position = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: 'abc' };
    expect(positionOf(positionCursor(position), ID)).toEqual(position);
  });

  it.each([
    ['garbage', 'not base64 json'],
    ['another list', encodeCursor(JSON.stringify({ t: 1, id: 'UPPER' }))],
    ['a non-integer time', encodeCursor(JSON.stringify({ t: 1.5, id: 'abc' }))],
    ['an operator', encodeCursor(JSON.stringify({ t: { $gt: 0 }, id: 'abc' }))],
  ])('refuses %s', (_, cursor) => {
    expect(() => positionOf(cursor, ID)).toThrow(InvalidInputError);
  });

  it('encodes opaque cursors as base64url', () => {
    const cursor = encodeCursor('名前/+?');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe('名前/+?');
  });
});
