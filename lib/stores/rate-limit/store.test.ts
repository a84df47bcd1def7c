// Our contract over a rate-limiter-flexible limiter. (Both limiters: test/contract/rate-limit-store.)
import { expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../platform/errors.js';
import { limiterOver } from './store.js';

it('turns a store failure into ERR_SERVICE_UNAVAILABLE, not a refusal', async () => {
  const broken = limiterOver({ consume: async () => Promise.reject(new Error('connection lost')) });
  await expect(broken.consume('a')).rejects.toBeInstanceOf(ServiceUnavailableError);
});
