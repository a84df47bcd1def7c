// The sample trailer catalogue (data/videos.json), validated: ids, https URLs, mp4 or m3u8.
import { z } from 'zod';
import sample from '../../../data/videos.json' with { type: 'json' };
import type { Video } from '../../stores/video/store.js';

export const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

const https = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'must be https');
const videoSchema = z
  .object({
    id: z.string().regex(VIDEO_ID),
    title: z.string().min(1).max(100),
    coverUrl: https,
    videoUrl: https.refine((u) => /\.(mp4|m3u8)(\?|$)/.test(u), 'must be an mp4 or m3u8 URL'),
    createdAt: z
      .string()
      .datetime()
      .transform((s) => new Date(s)),
  })
  .strict();

export function sampleCatalogue(): Video[] {
  return z.array(videoSchema).parse(sample);
}
