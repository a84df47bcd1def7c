import { expect, it } from 'vitest';
import { SettableClock } from './clock.js';

it('reads wall time until a test sets another source, and goes back with Date.now', () => {
  const clock = new SettableClock();
  const before = Date.now();
  expect(clock.now()).toBeGreaterThanOrEqual(before);
  clock.set(() => 42);
  expect(clock.now()).toBe(42);
  clock.set(Date.now);
  expect(clock.now()).toBeGreaterThanOrEqual(before);
});
