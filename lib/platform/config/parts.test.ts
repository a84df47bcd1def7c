// The parts loadConfig is made of, read directly: the environment's schema, the mini programs, COS.
import { describe, expect, it } from 'vitest';
import { readApps } from './apps.js';
import { readCos } from './cos.js';
import { envSchema } from './env.js';
import { ConfigError } from './types.js';

const env = (vars: Record<string, string>) => envSchema.parse(vars);

describe('envSchema', () => {
  it('fills the defaults', () => {
    expect(env({})).toMatchObject({
      PORT: 3000,
      REDIS_KEY_PREFIX: 'wx:',
      MONGO_DB: 'weapp',
      LOGIN_RATE_LIMIT: 30,
    });
  });

  it('refuses a Redis URL of another scheme', () => {
    expect(envSchema.safeParse({ REDIS_URL: 'http://x' }).success).toBe(false);
  });
});

describe('readApps', () => {
  it('turns days and seconds into milliseconds, with 30-day defaults', () => {
    const [single, listed] = readApps(
      'wx00000000000000a1',
      'secret',
      JSON.stringify([
        { appId: 'wx00000000000000b2', secret: 's', loginDurationDays: 2, sessionDurationSeconds: 3600 },
      ]),
    );
    expect(single).toMatchObject({
      appId: 'wx00000000000000a1',
      loginDurationMs: 30 * 86_400_000,
      sessionDurationMs: 30 * 86_400_000,
    });
    expect(listed).toMatchObject({
      appId: 'wx00000000000000b2',
      loginDurationMs: 2 * 86_400_000,
      sessionDurationMs: 3_600_000,
    });
  });

  it('refuses an app configured twice, naming it', () => {
    expect(() =>
      readApps('wx00000000000000a1', 's', JSON.stringify([{ appId: 'wx00000000000000a1', secret: 't' }])),
    ).toThrow(new ConfigError('WX_APPS is invalid: appId wx00000000000000a1 is configured twice'));
  });
});

describe('readCos', () => {
  it('signs with the run role when no keys are given, and offers no STS with temporary keys', () => {
    const cos = readCos(
      env({
        COS_BUCKET: 'album-1250000000',
        COS_REGION: 'ap-guangzhou',
        TENCENTCLOUD_SECRETID: 'AKIDrole',
        TENCENTCLOUD_SECRETKEY: 'role-key',
        TENCENTCLOUD_SESSIONTOKEN: 'role-token',
      }),
    );
    expect(cos).toMatchObject({
      endpoint: 'https://album-1250000000.cos.ap-guangzhou.myqcloud.com',
      runRole: true,
      keys: { secretId: 'AKIDrole', sessionToken: 'role-token' },
      sts: undefined,
    });
  });

  it('is undefined without a bucket (the local bucket), and names what is missing otherwise', () => {
    expect(readCos(env({}))).toBeUndefined();
    expect(() => readCos(env({ COS_BUCKET: 'album-1250000000' }))).toThrow(/COS_REGION is required/);
  });
});
