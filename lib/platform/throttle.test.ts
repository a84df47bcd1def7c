import { expect, it } from 'vitest';
import { TokenBucket } from './throttle.js';

it('allows a burst, then the rate, and refills with elapsed time only up to the burst', () => {
  let t = 0;
  const bucket = new TokenBucket(10, 3, () => t);
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  t += 100;
  expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  t += 60_000;
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
});
