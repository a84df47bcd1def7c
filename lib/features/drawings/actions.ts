// Validation of a drawing's canvas actions. Hand-written rather than a zod schema: a drawing may
// hold 20000 actions and this runs on every save (a tight loop here is ~10x cheaper than zod's).
import { z } from 'zod';
import type { DrawingAction } from '../../../contract/wire.js';

export const MAX_ACTIONS = 20_000;
const MAX_DATA = 16;
const MAX_STRING = 64;
const MAX_NUMBERS = 1024;
const METHOD = /^[A-Za-z]{1,32}$/;

type Problem = { path: (string | number)[]; message: string };

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function problemIn(actions: unknown): Problem | undefined {
  if (!Array.isArray(actions)) return { path: [], message: 'must be an array' };
  if (actions.length < 1 || actions.length > MAX_ACTIONS)
    return { path: [], message: `must have 1..${MAX_ACTIONS} actions` };
  for (let i = 0; i < actions.length; i++) {
    const action: unknown = actions[i];
    if (typeof action !== 'object' || action === null || Array.isArray(action))
      return { path: [i], message: 'must be an object' };
    for (const key in action) {
      if (key !== 'method' && key !== 'data') return { path: [i, key], message: 'is not an action field' };
    }
    const { method, data } = action as { method?: unknown; data?: unknown };
    if (typeof method !== 'string' || !METHOD.test(method))
      return { path: [i, 'method'], message: 'must be 1..32 letters' };
    if (!Array.isArray(data) || data.length > MAX_DATA)
      return { path: [i, 'data'], message: `must be an array of at most ${MAX_DATA}` };
    for (let j = 0; j < data.length; j++) {
      const item: unknown = data[j];
      if (isFiniteNumber(item) || (typeof item === 'string' && item.length <= MAX_STRING)) continue;
      if (Array.isArray(item) && item.length <= MAX_NUMBERS && item.every(isFiniteNumber)) continue;
      return {
        path: [i, 'data', j],
        message: `must be a number, a string of at most ${MAX_STRING}, or an array of numbers`,
      };
    }
  }
  return undefined;
}

export const actionsSchema = z.unknown().transform((value, ctx): DrawingAction[] => {
  const problem = problemIn(value);
  if (!problem) return value as DrawingAction[];
  ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  return z.NEVER;
});
