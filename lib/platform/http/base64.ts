// Strict base64 for event bodies, checked in one linear pass (a regex over megabytes of input can
// overflow the stack). Whitespace is ignored; padding only at the end; nothing else is allowed.
import { InvalidInputError } from '../errors.js';

const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  ALPHABET[c.charCodeAt(0)] = 1;
const isSpace = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;

/** The bytes `text` encodes; ERR_INVALID_INPUT when it is not strict base64. */
export function decodeStrictBase64(text: string): Buffer {
  let symbols = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    if (code === 61 /* = */) {
      padding++;
      continue;
    }
    if (padding > 0 || code >= 128 || ALPHABET[code] !== 1) throw notBase64();
    symbols++;
  }
  const total = symbols + padding;
  if (total % 4 !== 0 || padding > 2 || (padding > 0 && symbols % 4 === 1)) throw notBase64();
  return Buffer.from(text, 'base64');
}

function notBase64(): InvalidInputError {
  return new InvalidInputError('body is flagged base64 but is not valid base64');
}
