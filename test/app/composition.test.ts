// What the composition root builds from config: the real stores when services are configured, the
// embedded ones otherwise; COS and STS from their settings; and, outside SCF with neither WeChat
// nor dev/'s embedded parts, a clear 503 naming what to set instead of a crash.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../lib/app/app.js';
import { openConnections } from '../../lib/app/connections.js';
import { buildIntegrations } from '../../lib/app/integrations.js';
import { Lifetime } from '../../lib/app/lifetime.js';
import { buildStores } from '../../lib/app/stores.js';
import { SettableClock } from '../../lib/platform/clock.js';
import { loadConfig } from '../../lib/platform/config/index.js';
import { ServiceUnavailableError } from '../../lib/platform/errors.js';
import { CosObjectStore } from '../../lib/stores/object/cos.js';
import { MemorySessionStore } from '../../lib/stores/session/memory.js';
import { RedisSessionStore } from '../../lib/stores/session/redis.js';
import { MemoryTokenStore } from '../../lib/stores/token/memory.js';
import { MongoUserStore } from '../../lib/stores/user/mongo.js';
import { redisEnv } from '../support/redis.js';

const lifetimes: Array<{ close(): Promise<void> }> = [];
afterAll(() => Promise.all(lifetimes.map((l) => l.close())));
const lifetime = () => {
  const l = new Lifetime();
  lifetimes.push(l);
  return l;
};

describe('stores', () => {
  it('are embedded without REDIS_URL and MONGO_URL', () => {
    const stores = buildStores(openConnections(loadConfig({}), lifetime()), new SettableClock(), lifetime());
    expect(stores.sessions).toBeInstanceOf(MemorySessionStore);
    expect(stores.tokens).toBeInstanceOf(MemoryTokenStore);
  });

  it('are Redis and MongoDB when configured, on one Redis client', async () => {
    const config = loadConfig({ ...redisEnv(), MONGO_URL: inject('mongoUrl') });
    const connections = openConnections(config, lifetime());
    const stores = buildStores(connections, new SettableClock(), lifetime());
    expect(stores.sessions).toBeInstanceOf(RedisSessionStore);
    expect(stores.users).toBeInstanceOf(MongoUserStore);
    expect(connections.redis?.client).toBeDefined();
  });
});

describe('integrations', () => {
  const tokens = new MemoryTokenStore(new SettableClock());

  it('sign for COS with the configured bucket, and offer STS only with permanent keys', () => {
    const permanent = loadConfig({
      COS_BUCKET: 'album-1250000000',
      COS_REGION: 'ap-guangzhou',
      COS_SECRET_ID: 'AKIDperm',
      COS_SECRET_KEY: 'perm-key',
    });
    const withKeys = buildIntegrations(permanent, tokens, new SettableClock(), undefined);
    expect(withKeys.objects).toBeInstanceOf(CosObjectStore);
    expect(withKeys.sts).toMatchObject({ bucket: 'album-1250000000', region: 'ap-guangzhou' });
    const temporary = loadConfig({
      ...process.env,
      COS_BUCKET: 'album-1250000000',
      COS_REGION: 'ap-guangzhou',
      COS_SECRET_ID: 'AKIDtmp',
      COS_SECRET_KEY: 'k',
      COS_SESSION_TOKEN: 't',
    });
    expect(buildIntegrations(temporary, tokens, new SettableClock(), undefined).sts).toBeUndefined();
  });

  it('answer 503 naming the variable when neither WeChat nor COS nor embedded parts are there', async () => {
    const app = createApp(loadConfig({}));
    lifetimes.push(app);
    const login = await app.login.wechat.exchangeCode([...app.config.apps.values()][0]!, 'c').catch((e) => e);
    expect(login).toBeInstanceOf(ServiceUnavailableError);
    expect(login.message).toContain('WX_APPID');
    const list = await app.album.objects.list('album/', { maxKeys: 1 }).catch((e) => e);
    expect(list).toBeInstanceOf(ServiceUnavailableError);
    expect(list.message).toContain('COS_BUCKET');
  });
});
