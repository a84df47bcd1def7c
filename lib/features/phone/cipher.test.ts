import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskPhone, openPhone, sealPhone } from './cipher.js';

describe('phone numbers at rest', () => {
  const key = randomBytes(32);

  it('seals with a fresh IV each time and opens for the same user only', () => {
    const a = sealPhone(key, 'wxapp', 'o1', '13800001234');
    const b = sealPhone(key, 'wxapp', 'o1', '13800001234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800001234');
    expect(openPhone(key, 'wxapp', 'o1', a)).toBe('13800001234');
    expect(openPhone(key, 'wxapp', 'o2', a)).toBeNull(); // copied onto another user
    expect(openPhone(key, 'wxother', 'o1', a)).toBeNull();
    expect(openPhone(randomBytes(32), 'wxapp', 'o1', a)).toBeNull(); // another key
  });

  it('refuses a tampered or malformed text', () => {
    const sealed = sealPhone(key, 'wxapp', 'o1', '13800001234');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    expect(
      openPhone(key, 'wxapp', 'o1', [...parts.slice(0, 3), flipped.toString('base64url')].join('.')),
    ).toBeNull();
    for (const bad of ['', 'v1', 'v2.a.b.c', 'v1.@@.b.c', '13800001234'])
      expect(openPhone(key, 'wxapp', 'o1', bad)).toBeNull();
  });

  it('masks all but the first three and last four digits', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('85212345678')).toBe('852****5678');
    expect(maskPhone('12345')).toBe('***45');
  });
});
