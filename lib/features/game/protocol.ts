// The game's frames: JSON text {"type", ...}. What clients may send is validated here; anything else
// is answered with an error frame and the connection is kept.
import { z } from 'zod';
import type { ClientFrame } from '../../../contract/game.js';
import { displayText } from '../../platform/http/display-text.js';
import { parseJsonObject } from '../../platform/json.js';
import { textProblem } from '../../platform/text.js';

const httpsUrl = z
  .string()
  .max(1024)
  .refine(
    (u) => u.startsWith('https://') && !/\s/.test(u) && textProblem(u) === undefined,
    'must be an https URL',
  );

// Typed as the contract's ClientFrame: the schema cannot drift from the wire type.
const clientFrame: z.ZodType<ClientFrame, z.ZodTypeDef, unknown> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    user: z
      .object({
        nickName: displayText({ min: 1, max: 64 }).optional(),
        // "" is a user with no avatar, as the qcloud demo's client sends it.
        avatarUrl: z.union([z.literal(''), httpsUrl]).optional(),
      })
      .optional(),
    coordinate: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .optional(),
  }),
  z.object({ type: z.literal('join') }),
  z.object({ type: z.literal('leave') }),
  z.object({
    type: z.literal('choice'),
    value: z.union([z.literal(1), z.literal(2), z.literal(3)], {
      errorMap: () => ({ message: 'must be 1 (rock), 2 (scissors) or 3 (paper)' }),
    }),
  }),
  z.object({ type: z.literal('face'), value: displayText({ min: 1, max: 16 }) }),
]);

export type { ClientFrame };

/** A client frame, or the reason it is not one. */
export function parseFrame(data: string): ClientFrame | { error: string } {
  const value = parseJsonObject(data);
  if (!value) return { error: 'frame is not a JSON object' };
  const result = clientFrame.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return { error: `${issue.path.join('.') || 'frame'}: ${issue.message}` };
}
