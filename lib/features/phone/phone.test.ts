import { describe, expect, it } from 'vitest';
import { phoneBody } from './phone.js';

describe('phoneBody', () => {
  it('takes a code, or the old encryptedData with its iv, and nothing mixed or extra', () => {
    expect(phoneBody.safeParse({ code: 'abc' }).success).toBe(true);
    expect(phoneBody.safeParse({ encryptedData: 'e', iv: 'i' }).success).toBe(true);
    for (const bad of [
      {},
      { code: '' },
      { code: 'a', iv: 'i' },
      { encryptedData: 'e' },
      { code: 'a', $where: 1 },
      null,
    ])
      expect(phoneBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
