import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_STUB_APP_ID, loadConfig } from './index.js';

const scf = { TENCENTCLOUD_RUNENV: 'SCF', SCF_FUNCTIONNAME: 'login' };
const services = {
  REDIS_URL: 'redis://r:6379',
  MONGO_URL: 'mongodb://m:27017',
  COS_BUCKET: 'album-1250000000',
  COS_REGION: 'ap-guangzhou',
};
const runRole = {
  TENCENTCLOUD_SECRETID: 'AKIDrole',
  TENCENTCLOUD_SECRETKEY: 'role-key',
  TENCENTCLOUD_SESSIONTOKEN: 'role-token',
};
const wx = { WX_APPID: 'wx0123456789abcdef', WX_SECRET: 's3cr3t-value' };

describe('loadConfig', () => {
  it('runs on embedded defaults and the dev WeChat stub when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      wechatStub: true,
      defaultAppId: DEV_STUB_APP_ID,
      onScf: false,
      mongoDb: 'weapp',
    });
    expect(c.redisUrl).toBeUndefined();
    expect(c.wxApiBase).toBe('https://api.weixin.qq.com');
  });

  it('reads the message push token and EncodingAESKey, refusing malformed ones', () => {
    expect(loadConfig({}).push).toBeUndefined();
    const aes = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    expect(loadConfig({ WX_PUSH_TOKEN: 'Tok3n' }).push).toEqual({ token: 'Tok3n', aesKey: undefined });
    const safe = loadConfig({ WX_PUSH_TOKEN: 'Tok3n', WX_PUSH_AES_KEY: aes }).push;
    expect(safe?.aesKey?.equals(Buffer.from(`${aes}=`, 'base64'))).toBe(true);
    expect(safe?.aesKey).toHaveLength(32);
    expect(() => loadConfig({ WX_PUSH_TOKEN: 'a b' })).toThrow(/^WX_PUSH_TOKEN is invalid/);
    expect(() => loadConfig({ WX_PUSH_TOKEN: 'ok1', WX_PUSH_AES_KEY: `${aes}=` })).toThrow(
      /^WX_PUSH_AES_KEY is invalid/,
    );
    expect(() => loadConfig({ WX_PUSH_AES_KEY: aes })).toThrow(/WX_PUSH_AES_KEY needs WX_PUSH_TOKEN/);
  });

  it('reads one app from WX_APPID and more from WX_APPS, with per-app lifetimes', () => {
    const c = loadConfig({
      ...wx,
      WX_APPS: JSON.stringify([
        { appId: 'wx00000000000000c2', secret: 'x', loginDurationDays: 7, sessionDurationSeconds: 600 },
      ]),
    });
    expect([...c.apps.keys()]).toEqual(['wx0123456789abcdef', 'wx00000000000000c2']);
    expect(c.defaultAppId).toBe('wx0123456789abcdef');
    expect(c.apps.get('wx00000000000000c2')).toMatchObject({
      loginDurationMs: 7 * 86_400_000,
      sessionDurationMs: 600_000,
    });
    expect(c.apps.get('wx0123456789abcdef')).toMatchObject({
      loginDurationMs: 30 * 86_400_000,
      sessionDurationMs: 30 * 86_400_000,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT is invalid: must be a whole number from 1 to 65535$/],
    [{ PORT: '70000' }, /^PORT is invalid: must be a whole number from 1 to 65535$/],
    [{ REDIS_URL: 'http://r' }, /^REDIS_URL is invalid/],
    [{ MONGO_URL: 'not a url' }, /^MONGO_URL is invalid/],
    [{ WX_API_BASE: 'ftp://x' }, /^WX_API_BASE is invalid/],
    [{ WX_APPID: 'wx1' }, /^WX_SECRET is required/],
    [{ WX_SECRET: 'x' }, /^WX_APPID is required/],
    [{ WX_APPS: '[' }, /^WX_APPS is invalid: not JSON/],
    [
      {
        WX_APPS: JSON.stringify([
          { appId: 'wx0123456789abcdef', secret: 's' },
          { appId: 'wxtest', secret: 's' },
        ]),
      },
      /^WX_APPS is invalid at 1\.appId: wxtest is not a WeChat appId \("wx" and 16 hex digits/,
    ],
    [{ WX_APPS: '[{"appId":"a"}]' }, /^WX_APPS is invalid at 0\.secret/],
    [
      { WX_APPS: '[{"appId":"a","secret":"b","loginDurationDays":0}]' },
      /^WX_APPS is invalid at 0\.loginDurationDays/,
    ],
    [{ ...wx, WX_APPS: JSON.stringify([{ appId: wx.WX_APPID, secret: 'y' }]) }, /configured twice/],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret in its messages', () => {
    try {
      loadConfig({ WX_APPS: JSON.stringify([{ appId: 'bad id!', secret: 'do-not-print-me' }]) });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('do-not-print-me');
    }
  });

  describe('on SCF', () => {
    it('refuses the embedded stores and the dev stub, naming what is missing', () => {
      expect(() => loadConfig({ ...scf, ...wx, MONGO_URL: services.MONGO_URL })).toThrow(
        /REDIS_URL \(or REDIS_CLUSTER_NODES\) is required on SCF/,
      );
      expect(() => loadConfig({ ...scf, ...wx, REDIS_URL: services.REDIS_URL })).toThrow(
        /MONGO_URL is required on SCF/,
      );
      expect(() => loadConfig({ ...scf, ...services, ...runRole })).toThrow(
        /WX_APPID and WX_SECRET \(or WX_APPS\) are required on SCF/,
      );
      expect(() =>
        loadConfig({ ...scf, ...wx, ...services, COS_BUCKET: undefined, COS_REGION: undefined }),
      ).toThrow(/COS_BUCKET and COS_REGION are required on SCF/);
    });

    it('starts with real services and a real mini program, signing COS with the run role', () => {
      const c = loadConfig({ ...scf, ...services, ...wx, ...runRole });
      expect(c).toMatchObject({ onScf: true, wechatStub: false });
      expect(c.cos).toMatchObject({
        bucket: 'album-1250000000',
        endpoint: 'https://album-1250000000.cos.ap-guangzhou.myqcloud.com',
        runRole: true,
        keys: { secretId: 'AKIDrole', sessionToken: 'role-token' },
        sts: undefined,
      });
      const elsewhere = {
        ...scf,
        ...services,
        ...wx,
        ...runRole,
        COS_ENDPOINT: 'http://127.0.0.1:9000/bucket/',
      };
      expect(loadConfig(elsewhere).cos?.endpoint).toBe('http://127.0.0.1:9000/bucket/');
      expect(() => loadConfig({ ...elsewhere, COS_ENDPOINT: 'cos.example' })).toThrow(
        /^COS_ENDPOINT is invalid/,
      );
    });
  });

  describe('Redis', () => {
    const cluster = { REDIS_CLUSTER_NODES: 'r1:6379,r2:6380' };

    it('takes a cluster instead of a URL, reading from masters unless told to read from replicas', () => {
      expect(loadConfig(cluster).redisCluster).toEqual({
        nodes: [
          { host: 'r1', port: 6379 },
          { host: 'r2', port: 6380 },
        ],
        password: undefined,
        tls: false,
        replicaReads: false,
      });
      expect(loadConfig({ ...cluster, REDIS_READ_FROM: 'replica' }).redisCluster?.replicaReads).toBe(true);
    });

    it('refuses both forms at once, replica reads without a cluster, and an unknown read source', () => {
      expect(() => loadConfig({ ...cluster, REDIS_URL: 'redis://r:6379' })).toThrow(/set one of them/);
      expect(() => loadConfig({ REDIS_URL: 'redis://r:6379', REDIS_READ_FROM: 'replica' })).toThrow(
        /REDIS_READ_FROM=replica needs REDIS_CLUSTER_NODES/,
      );
      expect(() => loadConfig({ ...cluster, REDIS_READ_FROM: 'slave' })).toThrow(
        /REDIS_READ_FROM is invalid/,
      );
    });
  });

  describe('COS', () => {
    it('uses the local bucket when no COS_* is set', () => {
      expect(loadConfig({}).cos).toBeUndefined();
      expect(loadConfig({ PORT: '4000' })).toMatchObject({
        publicUrl: 'http://localhost:4000',
        albumMaxBytes: 10 * 1024 * 1024,
      });
    });

    it('prefers COS_SECRET_ID/KEY over the run role, and offers STS only with permanent keys', () => {
      const c = loadConfig({ ...services, ...runRole, COS_SECRET_ID: 'AKIDperm', COS_SECRET_KEY: 'perm' });
      expect(c.cos).toMatchObject({
        runRole: false,
        keys: { secretId: 'AKIDperm' },
        sts: { endpoint: 'https://sts.tencentcloudapi.com' },
      });
      expect(
        loadConfig({ ...services, COS_SECRET_ID: 'a', COS_SECRET_KEY: 'b', COS_SESSION_TOKEN: 't' }).cos?.sts,
      ).toBeUndefined();
    });

    it.each([
      [{ COS_BUCKET: 'album-1250000000' }, /^COS_REGION is required/],
      [{ COS_REGION: 'ap-guangzhou' }, /^COS_BUCKET is required/],
      [{ COS_SECRET_ID: 'a' }, /^COS_SECRET_KEY is required/],
      [{ COS_SECRET_ID: 'a', COS_SECRET_KEY: 'b' }, /^COS_BUCKET and COS_REGION are required/],
      [{ COS_BUCKET: 'album', COS_REGION: 'ap-guangzhou' }, /^COS_BUCKET is invalid/],
      [
        { COS_BUCKET: 'album-1250000000', COS_REGION: 'ap-guangzhou' },
        /COS_SECRET_ID and COS_SECRET_KEY are required/,
      ],
      [{ ALBUM_MAX_BYTES: '0' }, /^ALBUM_MAX_BYTES is invalid/],
    ])('names the bad COS variable: %j', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});
