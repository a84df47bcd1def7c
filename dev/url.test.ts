import { describe, expect, it } from 'vitest';
import { urlFor } from './url.js';

describe('urlFor', () => {
  it('names loopback and wildcard addresses localhost, brackets other IPv6 addresses', () => {
    expect(urlFor('127.0.0.1', 3000)).toBe('http://localhost:3000');
    expect(urlFor('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(urlFor('::1', 3000)).toBe('http://[::1]:3000');
    expect(urlFor('::', 8080)).toBe('http://localhost:8080');
    expect(urlFor('fe80::1', 3000)).toBe('http://[fe80::1]:3000');
    expect(urlFor('192.168.1.20', 3000)).toBe('http://192.168.1.20:3000');
    expect(new URL(urlFor('fe80::1', 3000)).port).toBe('3000');
  });
});
