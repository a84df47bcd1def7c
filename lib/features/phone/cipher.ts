// Phone numbers at rest: AES-256-GCM under PHONE_KEY, a random 96-bit IV per number, and the
// user's (appId, openId) as additional data, so a sealed number copied onto another user does not
// open. Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const aad = (appId: string, openId: string) => Buffer.from(`weapp-scf/phone\u0000${appId}\u0000${openId}`);

export function sealPhone(key: Buffer, appId: string, openId: string, phone: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(appId, openId));
  const sealed = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The number, or null when the text was not sealed under this key for this user. */
export function openPhone(key: Buffer, appId: string, openId: string, text: string): string | null {
  const [version, iv, tag, sealed] = text.split('.');
  if (version !== 'v1' || !iv || !tag || sealed === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(
      aad(appId, openId),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}

/** What others may see of a number: the first three and last four digits ("138****0000"). */
export function maskPhone(pure: string): string {
  if (pure.length >= 8) return `${pure.slice(0, 3)}${'*'.repeat(pure.length - 7)}${pure.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, pure.length - 2))}${pure.slice(-2)}`;
}
