// The game's frames: JSON text {"type", ...}. What clients may send is validated here; anything else
// is answered with an error frame and the connection is kept.
import { z } from 'zod';
import type { ClientFrame } from '../../../contract/game.js';
import { parseJsonObject } from '../../platform/json.js';
import { hasControlCharacters } from '../../platform/text.js';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

// Typed as the contract's ClientFrame: the schema cannot drift from the wire type.
const clientFrame: z.ZodType<ClientFrame, z.ZodTypeDef, unknown> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    user: z.object({ nickName: text(64).optional(), avatarUrl: text(1024).optional() }).optional(),
    coordinate: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .optional(),
  }),
  z.object({ type: z.literal('join') }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('choice'), value: z.union([z.literal(1), z.literal(2), z.literal(3)]) }),
  z.object({ type: z.literal('face'), value: text(16).refine((s) => s.length > 0, 'must not be empty') }),
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
