// Rock-paper-scissors as the qcloud demo scored it. Choices: 1 rock, 2 scissors, 3 paper. Each pair
// of players scores +1 / -1 (a choice beats no choice); the base score is the sum over pairs. A
// positive base extends the win streak and the round score is base x streak; otherwise the streak
// resets and the round score is the base. (The Redis store runs the same rules in Lua; one contract
// suite keeps the two in step.)

import type { Choice, RoundResult } from '../../../contract/game.js';

export type { Choice };

export interface Standing {
  totalScore: number;
  winStreak: number;
}

export type RoundOutcome = RoundResult;

export function beats(a: Choice, b: Choice): boolean {
  return (a === 1 && b === 2) || (a === 2 && b === 3) || (a === 3 && b === 1);
}

function pairScore(mine: Choice | null, theirs: Choice | null): number {
  if (mine !== null && (theirs === null || beats(mine, theirs))) return 1;
  if (theirs !== null && (mine === null || beats(theirs, mine))) return -1;
  return 0;
}

export function scoreRound(
  players: Array<{ uid: string; choice: Choice | null; before: Standing }>,
): RoundOutcome[] {
  return players.map(({ uid, choice, before }) => {
    const base = players
      .filter((p) => p.uid !== uid)
      .reduce((sum, p) => sum + pairScore(choice, p.choice), 0);
    const winStreak = base > 0 ? before.winStreak + 1 : 0;
    const roundScore = base > 0 ? base * winStreak : base;
    return { uid, choice, roundScore, totalScore: before.totalScore + roundScore, winStreak };
  });
}
