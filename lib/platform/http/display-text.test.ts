import { describe, expect, it } from 'vitest';
import { displayText } from './display-text.js';

describe('displayText', () => {
  const nickName = displayText({ min: 1, max: 4 });

  it('trims and counts characters, not UTF-16 units', () => {
    expect(nickName.parse('  小明👍  ')).toBe('小明👍');
    expect(nickName.parse('👍👍👍👍')).toBe('👍👍👍👍');
    expect(nickName.safeParse('👍👍👍👍👍').success).toBe(false);
    expect(nickName.safeParse('   ').success).toBe(false);
  });

  it('applies the text rules, with the allowed controls', () => {
    expect(nickName.safeParse('a\u202eb').success).toBe(false);
    expect(nickName.safeParse('a\ud800').success).toBe(false);
    const comment = displayText({ min: 1, max: 10, allowed: '\n' });
    expect(comment.parse('a\nb')).toBe('a\nb');
    expect(comment.safeParse('a\tb').success).toBe(false);
  });

  it('keeps spaces when told not to trim, and may allow empty text', () => {
    const title = displayText({ min: 0, max: 5, trim: false });
    expect(title.parse(' a ')).toBe(' a ');
    expect(title.parse('')).toBe('');
  });
});
