// Album image names: "<time>-<random>.<ext>". The time part counts down, so COS's key order lists
// the newest first; 96 random bits make a name unguessable.
import { randomBytes } from 'node:crypto';

export const IMAGE_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

export const ALBUM_NAME_PATTERN = /^[0-9a-z]{9}-[A-Za-z0-9_-]{16}\.(jpg|png|gif|webp)$/;

/** Later than any date this code will see, so the countdown stays positive and 9 digits wide. */
const EPOCH_END_MS = 36 ** 9 - 1;

export function newAlbumName(type: ImageType, now: Date): string {
  const countdown = (EPOCH_END_MS - now.getTime()).toString(36).padStart(9, '0');
  return `${countdown}-${randomBytes(12).toString('base64url')}.${IMAGE_TYPES[type]}`;
}
