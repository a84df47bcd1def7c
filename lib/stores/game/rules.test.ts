// The scoring rules (the Redis store runs them in Lua; the GameStore contract suite checks both).
import { describe, expect, it } from 'vitest';
import { beats, scoreRound } from './rules.js';

const fresh = { totalScore: 0, winStreak: 0 };

describe('rules', () => {
  it('rock beats scissors beats paper beats rock', () => {
    expect([beats(1, 2), beats(2, 3), beats(3, 1)]).toEqual([true, true, true]);
    expect([beats(2, 1), beats(1, 1)]).toEqual([false, false]);
  });

  it('scores +1/-1 a pair, a choice beating no choice, and a draw 0', () => {
    const [a, b] = scoreRound([
      { uid: 'a', choice: 1, before: fresh },
      { uid: 'b', choice: 2, before: fresh },
    ]);
    expect(a).toEqual({ uid: 'a', choice: 1, roundScore: 1, totalScore: 1, winStreak: 1 });
    expect(b).toEqual({ uid: 'b', choice: 2, roundScore: -1, totalScore: -1, winStreak: 0 });
    const [c] = scoreRound([
      { uid: 'c', choice: null, before: fresh },
      { uid: 'd', choice: 3, before: fresh },
    ]);
    expect(c?.roundScore).toBe(-1);
    const [e] = scoreRound([
      { uid: 'e', choice: 3, before: fresh },
      { uid: 'f', choice: 3, before: fresh },
    ]);
    expect(e).toMatchObject({ roundScore: 0, winStreak: 0 });
  });

  it('multiplies a win by the streak and resets the streak on anything else', () => {
    const onStreak = { totalScore: 3, winStreak: 2 };
    const [win] = scoreRound([
      { uid: 'a', choice: 1, before: onStreak },
      { uid: 'b', choice: 2, before: fresh },
    ]);
    expect(win).toMatchObject({ roundScore: 3, totalScore: 6, winStreak: 3 });
    const [loss] = scoreRound([
      { uid: 'a', choice: 2, before: onStreak },
      { uid: 'b', choice: 1, before: fresh },
    ]);
    expect(loss).toMatchObject({ roundScore: -1, totalScore: 2, winStreak: 0 });
  });
});
