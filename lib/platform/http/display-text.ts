// The one schema for text that others may see: trimmed (unless asked not to), a length in
// characters, and the text rules of platform/text.ts.
import { z } from 'zod';
import { characterCount, textProblem } from '../text.js';

export interface DisplayTextRules {
  min: number;
  max: number;
  /** Control characters allowed anyway (comments allow "\n"). */
  allowed?: string;
  trim?: boolean;
}

export function displayText({ min, max, allowed = '', trim = true }: DisplayTextRules) {
  return z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform((s) => (trim ? s.trim() : s))
    .superRefine((s, ctx) => {
      const count = characterCount(s);
      if (count < min || count > max) {
        const message = min > 0 ? `must be ${min}..${max} characters` : `must be at most ${max} characters`;
        ctx.addIssue({ code: 'custom', message: trim ? `${message} after trimming` : message });
        return;
      }
      const problem = textProblem(s, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
