// npm run migrate (indexes and the catalogue, at deploy time, idempotent) on FerretDB, and npm run
// smoke against npm start (every function answers) and against a broken deployment (named).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../scripts/migrate.js';
import { smoke } from '../../scripts/smoke.js';
import { startDev } from '../support/dev.js';
import { redisEnv } from '../support/redis.js';
import { configure } from '../support/runtime.js';
import { freePort, startRedis } from '../support/services.js';

describe('npm run migrate', () => {
  const dbName = `migrate_${randomBytes(4).toString('hex')}`;
  const mongo = new MongoClient(inject('mongoUrl'));
  afterAll(async () => {
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  it('creates every index and seeds the catalogue; a second run changes nothing', async () => {
    const lines: string[] = [];
    const env = { MONGO_URL: inject('mongoUrl'), MONGO_DB: dbName };
    expect(await migrate([], env, (l) => lines.push(l))).toBe(0);
    const db = mongo.db(dbName);
    const names = async (c: string) =>
      (await db.collection(c).listIndexes().toArray()).map((i) => i.name).sort();
    expect(await names('users')).toContain('appId_openId_unique');
    expect(await names('drawings')).toEqual(
      expect.arrayContaining(['owner_id_unique', 'owner_newest_first']),
    );
    expect(await names('comments')).toEqual(
      expect.arrayContaining(['vid_id_unique', 'video_status_newest_first']),
    );
    expect(await names('comments')).not.toContain('id_unique');
    expect(await names('images')).toEqual(
      expect.arrayContaining(['app_id_unique', 'app_trace', 'app_status_newest_first']),
    );
    expect(lines).toContain('album: COS_BUCKET is not set, earlier images not recorded');
    const videos = await db.collection('videos').countDocuments();
    expect(videos).toBeGreaterThan(0);
    const again: string[] = [];
    expect(await migrate([], env, (l) => again.push(l))).toBe(0);
    expect(again).toContainEqual(expect.stringMatching(/videos: 0 inserted/));
    expect(await db.collection('videos').countDocuments()).toBe(videos);
  });

  it('drops the indexes of earlier versions that a sharded collection cannot keep', async () => {
    const older = `migrate_old_${randomBytes(3).toString('hex')}`;
    await mongo.db(older).collection('comments').createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
    const lines: string[] = [];
    expect(await migrate([], { MONGO_URL: inject('mongoUrl'), MONGO_DB: older }, (l) => lines.push(l))).toBe(
      0,
    );
    const names = (await mongo.db(older).collection('comments').listIndexes().toArray()).map((i) => i.name);
    expect(names).not.toContain('id_unique');
    expect(lines.join('\n')).toContain('dropped the old index id_unique');
    await mongo.db(older).dropDatabase();
  });

  it('refuses without MONGO_URL', async () => {
    const lines: string[] = [];
    expect(await migrate([], {}, (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('MONGO_URL');
  });
});

describe('npm run smoke', () => {
  const run = async (args: string[]) => {
    const lines: string[] = [];
    const code = await smoke(args, {}, (l) => lines.push(l));
    return { code, lines, text: lines.join('\n') };
  };

  it('passes against a healthy npm start: every function, the game and the bucket reach what they depend on', async () => {
    const dev = await startDev({ WX_PUSH_TOKEN: 'smokeToken1' });
    try {
      const { code, lines, text } = await run([dev.url, `bucket=${dev.url}/_bucket`]);
      expect(code, text).toBe(0);
      expect(lines.filter((l) => l.startsWith('ok   '))).toHaveLength(8);
      expect(text).toContain(
        'ok   game: the WebSocket upgrade with an unknown session -> 401 (Redis answers)',
      );
      expect(lines.at(-1)).toBe('every function answers and reaches what it depends on');
    } finally {
      await dev.close();
    }
  });

  it('fails when Redis is down, naming each function that needs it', async () => {
    const redis = await startRedis();
    const dev = await startDev({
      WX_PUSH_TOKEN: 'smokeToken1',
      REDIS_URL: redis.url,
      REDIS_CLUSTER_NODES: undefined,
    });
    try {
      expect((await run([dev.url])).code).toBe(0);
      await redis.dispose();
      const { code, text } = await run([dev.url]);
      expect(code, text).toBe(1);
      for (const fn of ['login', 'auth', 'album-sign-upload', 'draw-save', 'game'])
        expect(text).toMatch(new RegExp(`^FAIL ${fn}: .*(503|refused|expected).*`, 'm'));
      expect(text).toMatch(
        /^FAIL auth: POST \/auth with an unknown session -> 503 ERR_SERVICE_UNAVAILABLE, expected 401 ERR_INVALID_SESSION: it cannot reach Redis/m,
      );
      expect(text).toMatch(/^ok {3}comments: /m);
    } finally {
      await dev.close();
      await configure({ REDIS_URL: undefined, REDIS_CLUSTER_NODES: undefined, ...redisEnv() });
    }
  });

  it('fails when MongoDB is down, naming the function that showed it', async () => {
    const dev = await startDev({
      WX_PUSH_TOKEN: 'smokeToken1',
      MONGO_URL: `mongodb://127.0.0.1:${await freePort()}/`,
    });
    try {
      const { code, text } = await run([dev.url]);
      expect(code, text).toBe(1);
      expect(text).toMatch(
        /^FAIL comments: GET \/videos -> 503 ERR_SERVICE_UNAVAILABLE, expected 200: it cannot reach MongoDB/m,
      );
    } finally {
      await dev.close();
      await configure({ MONGO_URL: inject('mongoUrl') });
    }
  });

  it('fails when the push token is missing', async () => {
    const dev = await startDev({ WX_PUSH_TOKEN: undefined });
    try {
      const { code, text } = await run([dev.url]);
      expect(code, text).toBe(1);
      expect(text).toMatch(
        /^FAIL wx-push: GET \/wx\/push with a bad signature -> 503 ERR_SERVICE_UNAVAILABLE, expected 403/m,
      );
    } finally {
      await dev.close();
    }
  });

  it('fails against something that is not this deployment, and against nothing at all', async () => {
    const broken = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': 'r' });
      res.end(
        JSON.stringify({ ok: false, error: 'ERR_INTERNAL', message: 'internal error', requestId: 'r' }),
      );
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const address = broken.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const { code, lines } = await run([`comments=${url}`, `bucket=${url}`]);
      expect(code).toBe(1);
      expect(lines[0]).toMatch(/^skip login: no URL given/);
      expect(lines.find((l) => l.includes('comments'))).toMatch(
        /^FAIL comments: GET \/videos -> 500 ERR_INTERNAL/,
      );
      expect(lines.find((l) => l.includes('bucket'))).toMatch(/^FAIL bucket: /);
    } finally {
      await new Promise((r) => broken.close(r));
    }
    const nothing = await run([`auth=http://127.0.0.1:${await freePort()}`, '--timeout', '2000']);
    expect(nothing.code).toBe(1);
    expect(nothing.text).toMatch(/^FAIL auth: POST \/auth with an unknown session -> .*ECONNREFUSED/m);
  });
});
