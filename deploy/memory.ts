// Each function's SCF memory size (MB): the smallest of SCF's sizes that leaves 15% over the peak
// RSS `npm run bench` measures for it (P4: a cold start and 1,000 warm requests on Node.js 18.15,
// with the heap V8 sizes for that container). The deploy and both serverless.yml files use these.
import type { DeployedFunction } from '../lib/app/functions.js';

export const MEMORY_SIZES_MB = [64, 128, 256, 512] as const;
export type MemorySizeMb = (typeof MEMORY_SIZES_MB)[number];

export const FUNCTION_MEMORY_MB: Record<DeployedFunction, MemorySizeMb> = {
  login: 128,
  auth: 128,
  'album-sign-upload': 128,
  'draw-save': 128,
  comments: 128,
  'wx-push': 128,
  'album-check': 128,
  game: 128,
};

/** The headroom asked over the measured peak. */
export const HEADROOM = 1.15;

/**
 * The V8 flags a container of `mb` runs Node with, as V8 sizes its heap for a machine of that
 * memory: an old generation of about four fifths of it, and (below 256 MB of old generation, V8's
 * low-memory case) 1 MB semi-spaces, where the bench machine's 24 GB would give 16 MB.
 */
export function heapFlags(mb: number): string[] {
  return [`--max-old-space-size=${Math.floor(mb * 0.8)}`, '--max-semi-space-size=1'];
}

/** The smallest size that leaves HEADROOM over `peakMb`. */
export function smallestSize(peakMb: number): MemorySizeMb | undefined {
  return MEMORY_SIZES_MB.find((size) => size >= peakMb * HEADROOM);
}
