import { describe, expect, it } from 'vitest';
import { SettableClock } from '../platform/clock.js';
import { envSchema } from '../platform/config/env.js';
import { ALL_PARTS, CONFIG_PARTS, loadConfig, variablesOf } from '../platform/config/index.js';
import { LOCAL_VARIABLES, PLATFORM_VARIABLES } from '../platform/config/parts.js';
import { FUNCTION_PARTS } from './functions.js';
import { Lifetime } from './lifetime.js';
import { buildStores } from './stores.js';
import { UndeclaredPartError, unconfigured } from './unconfigured.js';

const scf = { TENCENTCLOUD_RUNENV: 'SCF' };

describe('configuration parts', () => {
  it('cover every variable of the schema exactly once, besides the local and platform ones', () => {
    const inParts = ALL_PARTS.flatMap((p) => CONFIG_PARTS[p] as readonly string[]);
    expect(new Set(inParts).size).toBe(inParts.length);
    expect([...inParts, ...LOCAL_VARIABLES, ...PLATFORM_VARIABLES].sort()).toEqual(
      Object.keys(envSchema.shape).sort(),
    );
    expect(variablesOf(['mongo', 'redis'])).toEqual(variablesOf(['redis', 'mongo']));
  });

  it('keep the phone key and the push token away from the functions that do not read them', () => {
    const holders = (variable: string) =>
      Object.entries(FUNCTION_PARTS)
        .filter(([, parts]) => variablesOf(parts).includes(variable))
        .map(([name]) => name);
    expect(holders('PHONE_KEY')).toEqual(['auth']);
    expect(holders('WX_PUSH_AES_KEY')).toEqual(['wx-push', 'album-check']);
    expect(holders('WX_SECRET')).not.toContain('draw-save');
    expect(holders('COS_SECRET_KEY')).not.toContain('login');
  });

  it('on SCF, only the declared parts are required, and every missing one is named at once', () => {
    const drawSave = new Set(FUNCTION_PARTS['draw-save']);
    const own = {
      WX_APPID: 'wx0123456789abcdef',
      REDIS_URL: 'redis://r:6379',
      MONGO_URL: 'mongodb://m:27017',
    };
    const config = loadConfig({ ...scf, ...own }, { parts: drawSave });
    expect(config.apps.get('wx0123456789abcdef')?.secret).toBe('');
    expect(config.cos).toBeUndefined();
    expect(() => loadConfig({ ...scf, ...own })).toThrow(/WX_SECRET is required/);
    let problems: readonly string[] = [];
    try {
      loadConfig({ ...scf, PORT: 'x', REDIS_URL: 'http://r' });
    } catch (err) {
      problems = (err as { problems: readonly string[] }).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^PORT is invalid/),
      expect.stringMatching(/^REDIS_URL is invalid/),
      expect.stringMatching(/^REDIS_URL \(or REDIS_CLUSTER_NODES\) is required on SCF/),
      expect.stringMatching(/^MONGO_URL is required/),
      expect.stringMatching(/^WX_APPID and WX_SECRET/),
      expect.stringMatching(/^COS_BUCKET and COS_REGION are required/),
    ]);
  });
});

describe('a part a function did not declare', () => {
  it('refuses every use loudly, and awaiting it is harmless', async () => {
    const store = unconfigured<{ get(): Promise<string> }>('Redis (REDIS_URL)');
    expect(() => store.get()).toThrow(UndeclaredPartError);
    expect(() => store.get()).toThrow(/uses Redis \(REDIS_URL\), which is not among its declared parts/);
    await expect(Promise.resolve(store)).resolves.toBe(store);
  });

  it('on SCF becomes a refusing store, never an in-process one; locally it runs embedded', async () => {
    const lifetime = new Lifetime();
    const onScf = buildStores({ redis: undefined, mongo: undefined }, new SettableClock(), lifetime, true);
    expect(() => onScf.sessions.touch('u', 'h', 0)).toThrow(UndeclaredPartError);
    expect(() => onScf.users.get('wx', 'o')).toThrow(/MongoDB/);
    expect(() => onScf.limiter('login', 5).consume('k')).toThrow(UndeclaredPartError);
    const local = buildStores({ redis: undefined, mongo: undefined }, new SettableClock(), lifetime);
    expect(await local.sessions.touch('u', 'h', 0)).toBeNull();
    await lifetime.close();
  });
});
