// Each function's SCF memory size: the smallest with 15% over its measured peak (P4, npm run bench).
import { describe, expect, it } from 'vitest';
import { FUNCTION_MEMORY_MB, heapFlags, MEMORY_SIZES_MB, smallestSize } from '../../deploy/memory.js';

describe('memory sizes', () => {
  it('picks the smallest SCF size with 15% over the peak', () => {
    expect(smallestSize(40)).toBe(64);
    expect(smallestSize(56)).toBe(128); // 56 * 1.15 = 64.4
    expect(smallestSize(80)).toBe(128);
    expect(smallestSize(111)).toBe(128); // 127.7
    expect(smallestSize(112)).toBe(256); // 128.8
    expect(smallestSize(230)).toBe(512);
    expect(smallestSize(600)).toBeUndefined();
  });

  it('gives every function one of SCF’s sizes, and V8 flags that fit inside it', () => {
    for (const size of Object.values(FUNCTION_MEMORY_MB)) expect(MEMORY_SIZES_MB).toContain(size);
    expect(heapFlags(128)).toEqual(['--max-old-space-size=102', '--max-semi-space-size=1']);
  });
});
