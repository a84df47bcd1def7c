// Legacy wx.getUserInfo data: rawData signed with sha1(rawData + session_key), and encryptedData
// sealed with AES-128-CBC under the session_key, carrying a watermark naming the mini program.
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { DecryptFailedError, UntrustedRawDataError } from '../../platform/errors.js';

export function verifyRawData(rawData: string, signature: string, sessionKey: string): void {
  const expected = createHash('sha1')
    .update(rawData + sessionKey, 'utf8')
    .digest();
  const wellFormed = /^[0-9a-fA-F]{40}$/.test(signature);
  // Compare even a malformed signature (against zeros) so the time taken says nothing.
  const given = wellFormed ? Buffer.from(signature, 'hex') : Buffer.alloc(expected.length);
  if (!timingSafeEqual(expected, given) || !wellFormed) throw new UntrustedRawDataError();
}

export function decryptUserData(
  encryptedData: string,
  iv: string,
  sessionKey: string,
  appId: string,
): Record<string, unknown> {
  const key = Buffer.from(sessionKey, 'base64');
  const ivBytes = Buffer.from(iv, 'base64');
  if (key.length !== 16 || ivBytes.length !== 16)
    throw new DecryptFailedError('iv must be 16 bytes of base64');
  let data: unknown;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, ivBytes);
    const plain = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]);
    data = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new DecryptFailedError();
  }
  if (typeof data !== 'object' || data === null) throw new DecryptFailedError();
  const watermark = (data as { watermark?: { appid?: unknown } }).watermark;
  if (watermark?.appid !== appId)
    throw new DecryptFailedError('encryptedData was made for another mini program');
  return data as Record<string, unknown>;
}
