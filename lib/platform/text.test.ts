import { describe, expect, it } from 'vitest';
import { characterCount, hasControlCharacters, textProblem } from './text.js';

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

describe('textProblem', () => {
  it('accepts text people write, emoji and CJK included', () => {
    for (const text of ['小明', 'Zoë', '👨‍👩‍👧 family', 'مرحبا', 'line\nline'])
      expect(textProblem(text, '\n'), text).toBeUndefined();
  });

  it.each([
    ['a zero-width space', 'ad\u200bmin'],
    ['a right-to-left override', 'abc\u202egnp.exe'],
    ['a bidi isolate', 'a\u2066b'],
    ['a byte order mark', '\ufeffname'],
    ['a Hangul filler (an invisible name)', '\u3164'],
    ['a tag character', 'a\udb40\udc41'],
    ['a lone high surrogate', 'a\ud83d'],
    ['a lone low surrogate', '\ude00b'],
    ['a control character', 'a\u0007'],
  ])('refuses %s', (_, text) => {
    expect(textProblem(text)).toEqual(expect.any(String));
  });
});
