import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { decodeStrictBase64 } from './base64.js';

describe('decodeStrictBase64', () => {
  it('decodes padded, unpadded-length and whitespace-wrapped base64', () => {
    expect(decodeStrictBase64('aGk=').toString()).toBe('hi');
    expect(decodeStrictBase64('aGVsbG8gd29ybGQ=').toString()).toBe('hello world');
    expect(decodeStrictBase64('aGVs\r\nbG8=').toString()).toBe('hello');
    expect(decodeStrictBase64('').length).toBe(0);
  });

  it.each(['aGk', 'a===', 'aG=k', 'aGk=\u0000', 'aGk-', 'a', 'ab=c', '====', 'aGk==='])(
    'refuses %j',
    (text) => {
      expect(() => decodeStrictBase64(text)).toThrow(InvalidInputError);
    },
  );

  it('checks megabytes in one linear pass (the old regex overflowed the stack past ~3 MiB)', () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 7).toString('base64');
    expect(decodeStrictBase64(big)).toHaveLength(6 * 1024 * 1024);
    expect(() => decodeStrictBase64(`${big.slice(0, -4)}!!!!`)).toThrow(InvalidInputError);
  });
});
