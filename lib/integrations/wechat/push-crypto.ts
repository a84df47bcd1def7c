// WeChat message push (消息推送) signatures and safe mode (安全模式), as WeChat documents them:
// - signature = sha1 of token, timestamp and nonce, sorted as strings and joined;
// - msg_signature = the same over token, timestamp, nonce and the Encrypt field;
// - Encrypt = base64(AES-256-CBC(key, iv = key[0..16], PKCS#7 to 32 bytes,
//   16 random bytes + 4-byte big-endian length + message + appid)), key = base64(EncodingAESKey + "=").
// Everything here reads hostile input: it answers null or false, never throws on bad data.
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

const PAD_BLOCK = 32;

export function pushSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Whether `signature` is sha1(sorted token and parts), compared in constant time. */
export function isSignedBy(token: string, signature: string | undefined, ...parts: string[]): boolean {
  if (signature === undefined || !/^[0-9a-f]{40}$/i.test(signature)) return false;
  const expected = Buffer.from(pushSignature(token, ...parts), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
}

/** The message and the appid it was sealed for, or null when `encrypted` is not a valid seal under `key`. */
export function openPush(key: Buffer, encrypted: string): { message: string; appId: string } | null {
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) return null;
  const sealed = Buffer.from(encrypted, 'base64');
  if (sealed.length === 0 || sealed.length % 16 !== 0) return null;
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    return null;
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) return null;
  if (!plain.subarray(plain.length - pad).every((b) => b === pad)) return null;
  const body = plain.subarray(16, plain.length - pad);
  if (body.length < 4) return null;
  const length = body.readUInt32BE(0);
  if (length > body.length - 4) return null;
  return {
    message: body.subarray(4, 4 + length).toString('utf8'),
    appId: body.subarray(4 + length).toString('utf8'),
  };
}
