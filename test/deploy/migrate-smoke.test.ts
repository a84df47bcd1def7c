// npm run migrate (indexes and the catalogue, at deploy time, idempotent) on FerretDB, and npm run
// smoke against npm start (every function answers) and against a broken deployment (named).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../scripts/migrate.js';
import { smoke } from '../../scripts/smoke.js';
import { startDev } from '../support/dev.js';

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
    expect(await migrate(env, (l) => lines.push(l))).toBe(0);
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
    expect(await migrate(env, (l) => again.push(l))).toBe(0);
    expect(again).toContainEqual(expect.stringMatching(/videos: 0 inserted/));
    expect(await db.collection('videos').countDocuments()).toBe(videos);
  });

  it('drops the indexes of earlier versions that a sharded collection cannot keep', async () => {
    const older = `migrate_old_${randomBytes(3).toString('hex')}`;
    await mongo.db(older).collection('comments').createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
    const lines: string[] = [];
    expect(await migrate({ MONGO_URL: inject('mongoUrl'), MONGO_DB: older }, (l) => lines.push(l))).toBe(0);
    const names = (await mongo.db(older).collection('comments').listIndexes().toArray()).map((i) => i.name);
    expect(names).not.toContain('id_unique');
    expect(lines.join('\n')).toContain('dropped the old index id_unique');
    await mongo.db(older).dropDatabase();
  });

  it('refuses without MONGO_URL', async () => {
    const lines: string[] = [];
    expect(await migrate({}, (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('MONGO_URL');
  });
});

describe('npm run smoke', () => {
  it('passes against npm start: every function answers with its configuration', async () => {
    const dev = await startDev({});
    try {
      const lines: string[] = [];
      expect(await smoke([dev.url], (l) => lines.push(l))).toBe(0);
      expect(lines.filter((l) => l.startsWith('ok'))).toHaveLength(5);
    } finally {
      await dev.close();
    }
  });

  it('fails against a function that answers 500 (a configuration error), naming it', async () => {
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
      const lines: string[] = [];
      expect(await smoke([`comments=${url}`], (l) => lines.push(l))).toBe(1);
      expect(lines[0]).toMatch(/^FAIL comments: GET \/videos -> 500/);
    } finally {
      await new Promise((r) => broken.close(r));
    }
  });
});
