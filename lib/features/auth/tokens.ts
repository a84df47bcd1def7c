// Our own session credentials: a random UUID names the session, a 256-bit random skey proves it.
// Only sha256(skey) is stored, and it is compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SKEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new session's uuid and skey. The uuid's first 8 hex digits are `tag` (the user's, see
 * userTag), so a Redis Cluster keeps all of a user's sessions and their index in one slot; the
 * other 90 bits are random (the skey, 256 random bits, is what proves a session).
 */
export function newSessionCredentials(tag?: string): { uuid: string; skey: string } {
  const uuid = randomUUID();
  return { uuid: tag ? `${tag}${uuid.slice(8)}` : uuid, skey: randomBytes(32).toString('base64url') };
}

export function hashSkey(skey: string): string {
  return createHash('sha256').update(skey, 'utf8').digest('hex');
}

export function skeyHashMatches(storedHex: string, candidateHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const candidate = Buffer.from(candidateHex, 'hex');
  return stored.length === 32 && candidate.length === 32 && timingSafeEqual(stored, candidate);
}
