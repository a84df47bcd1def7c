// Our own session credentials: a random UUID names the session, a 256-bit random skey proves it.
// Only sha256(skey) is stored, and it is compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SKEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionCredentials(): { uuid: string; skey: string } {
  return { uuid: randomUUID(), skey: randomBytes(32).toString('base64url') };
}

export function hashSkey(skey: string): string {
  return createHash('sha256').update(skey, 'utf8').digest('hex');
}

export function skeyHashMatches(storedHex: string, candidateHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const candidate = Buffer.from(candidateHex, 'hex');
  return stored.length === 32 && candidate.length === 32 && timingSafeEqual(stored, candidate);
}
