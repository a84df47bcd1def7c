// The account's use cases get the very stores the rest of the app writes to: an export or a
// deletion that read another instance would miss what the routes stored.
import { describe, expect, it } from 'vitest';
import { ACCOUNT_STORES } from '../features/account/deps.js';
import { SettableClock } from '../platform/clock.js';
import type { Config } from '../platform/config/index.js';
import { RateLimitedError } from '../platform/errors.js';
import { accountDeps } from './account.js';
import { Lifetime } from './lifetime.js';
import { buildStores } from './stores.js';

describe('accountDeps', () => {
  it('hands over every store that holds something of a user, as built', async () => {
    const clock = new SettableClock();
    const stores = buildStores({ redis: undefined, mongo: undefined } as never, clock, new Lifetime());
    const objects = {} as never;
    const key = Buffer.alloc(32, 1);
    const deps = accountDeps(
      stores,
      { objects },
      { refreshUser: async () => undefined } as never,
      () => key,
      { apps: new Map() } as unknown as Config,
      clock,
    );
    for (const name of ACCOUNT_STORES.filter((n) => n !== 'objects'))
      expect(deps[name], name).toBe(stores[name]);
    expect(deps.objects).toBe(objects);
    expect(deps.phoneKey()).toBe(key);
    for (let i = 0; i < 5; i++) await deps.exportLimiter.consume('subject');
    await expect(deps.exportLimiter.consume('subject')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
