import { describe, expect, it } from 'vitest';
import { GameKeys, waitingEntry } from './keys.js';

/** What Redis Cluster hashes: the text inside the first {...}, when it is not empty. */
function hashed(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('GameKeys', () => {
  const keys = new GameKeys('wx:');

  it("puts a room's keys in the room's slot, and different rooms in different ones", () => {
    const a = Object.values(keys.room('0123abcd'));
    expect(new Set(a.map(hashed))).toEqual(new Set(['r:0123abcd']));
    expect(hashed(keys.room('ffff0000').room)).not.toBe(hashed(a[0]!));
    for (const key of a) expect(key.startsWith('wx:game:')).toBe(true);
  });

  it("puts the waiting list and every player's place in the lobby's one slot", () => {
    const one = keys.lobby('u1');
    const two = keys.lobby('u2');
    expect(new Set([one.waiting, one.player, two.player].map(hashed))).toEqual(new Set(['lobby']));
    expect(one.waiting).toBe(two.waiting);
    expect(one.player).not.toBe(two.player);
  });

  it('leaves heartbeats untagged (each spread by its own key)', () => {
    expect(keys.alive('u1')).toBe('wx:game:alive:u1');
    expect(hashed(keys.alive('u1'))).toBe(keys.alive('u1'));
  });

  it('writes waiting entries as the lobby scripts read them: `<roomId> <owner>`', () => {
    expect(waitingEntry('r1', 'u1')).toBe('r1 u1');
  });
});
