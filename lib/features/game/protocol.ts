// The game's frames: JSON text {"type", ...}. What clients may send is validated here; anything else
// is answered with an error frame and the connection is kept.
import { z } from 'zod';
import { hasControlCharacters } from '../../platform/text.js';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

const clientFrame = z.discriminatedUnion('type', [
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

export type ClientFrame = z.output<typeof clientFrame>;

export interface Player {
  uid: string;
  nickName: string;
  avatarUrl: string;
  robot?: true;
}

export type ServerFrame =
  | { type: 'hi'; message: string; nearby: number }
  | { type: 'room'; roomId: string; users: Player[]; full: boolean }
  | { type: 'start'; roomId: string; round: number; gameTime: number; users: Player[] }
  | { type: 'movement'; uid: string; choice?: true; face?: string }
  | {
      type: 'result';
      roomId: string;
      round: number;
      results: Array<{
        uid: string;
        roundScore: number;
        totalScore: number;
        winStreak: number;
        choice: number | null;
      }>;
    }
  | { type: 'error'; error: string; message: string };

/** A client frame, or the reason it is not one. */
export function parseFrame(data: string): ClientFrame | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { error: 'frame is not JSON' };
  }
  const result = clientFrame.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return { error: `${issue.path.join('.') || 'frame'}: ${issue.message}` };
}
