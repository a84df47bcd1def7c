import { describe, expect, it } from 'vitest';
import { characterCount, hasControlCharacters } from './text.js';

describe('characterCount', () => {
  it('counts code points: an emoji or a CJK character counts once', () => {
    expect(characterCount('abc')).toBe(3);
    expect(characterCount('好看👍')).toBe(3);
    expect('👍'.length).toBe(2);
    expect(characterCount('')).toBe(0);
  });
});

describe('hasControlCharacters', () => {
  it('finds C0 and C1 controls and DEL', () => {
    expect(hasControlCharacters('a\u0000b')).toBe(true);
    expect(hasControlCharacters('a\u001fb')).toBe(true);
    expect(hasControlCharacters('a\u007fb')).toBe(true);
    expect(hasControlCharacters('a\u0085b')).toBe(true);
    expect(hasControlCharacters('普通文字 and emoji 🎉')).toBe(false);
  });

  it('allows the characters it is told to', () => {
    expect(hasControlCharacters('line\nline', '\n')).toBe(false);
    expect(hasControlCharacters('line\r\nline', '\n')).toBe(true);
  });
});
