// The ImageStore contract on MongoDB (FerretDB) and the embedded store: one record per image however often it is added, a trace set once, the first verdict per trace kept,
// status moves only from the named statuses, statuses of a page, the desk's list, removal; all per app.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryImageStore } from '../../lib/stores/image/memory.js';
import { MongoModerationStart } from '../../lib/stores/image/moderation-start.js';
import { MongoImageStore } from '../../lib/stores/image/mongo.js';
import type { ImageStore, NewImage } from '../../lib/stores/image/store.js';

const mongo = new MongoClient(inject('mongoUrl'));
afterAll(() => mongo.close());
const db = () => mongo.db(`i_${randomBytes(4).toString('hex')}`);

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const image = (n: number, over: Partial<NewImage> = {}): NewImage => ({
  id: `name-${n}.png`,
  key: `album/wxa/owner/name-${n}.png`,
  appId: 'wxa',
  openId: `o${n}`,
  status: 'pending',
  createdAt: at(n),
  ...over,
});

describe.each([
  ['mongodb', (): ImageStore => new MongoImageStore(async () => db())],
  ['embedded', (): ImageStore => new MemoryImageStore()],
])('ImageStore (%s)', (_name, make) => {
  it('records an image once, however often it is added', async () => {
    const store = make();
    const first = await store.add(image(1));
    expect(first).toEqual({ ...image(1), updatedAt: at(1) });
    const twice = await Promise.all([store.add(image(1, { status: 'visible' })), store.add(image(1))]);
    expect(twice.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(await store.get('wxa', image(1).id)).toEqual(first);
    expect(await store.get('wxb', image(1).id)).toBeNull();
  });

  it('sets a trace once and finds the image by it, within the app', async () => {
    const store = make();
    await store.add(image(1));
    const traced = await store.setTrace('wxa', image(1).id, 't-1', at(5));
    expect(traced).toMatchObject({ traceId: 't-1', updatedAt: at(5), status: 'pending' });
    expect(await store.setTrace('wxa', image(1).id, 't-2', at(6))).toBeNull();
    expect(await store.setTrace('wxa', 'nothing.png', 't-3', at(6))).toBeNull();
    expect((await store.byTrace('wxa', 't-1'))?.id).toBe(image(1).id);
    expect(await store.byTrace('wxb', 't-1')).toBeNull();
    expect(await store.byTrace('wxa', 't-2')).toBeNull();
  });

  it('keeps the first verdict of a trace', async () => {
    const store = make();
    expect(await store.verdictOf('wxa', 't')).toBeNull();
    await store.recordVerdict('wxa', 't', 'review', at(1));
    await store.recordVerdict('wxa', 't', 'pass', at(2));
    await Promise.all([
      store.recordVerdict('wxa', 'u', 'risky', at(3)),
      store.recordVerdict('wxa', 'u', 'risky', at(3)),
    ]);
    expect(await store.verdictOf('wxa', 't')).toBe('review');
    expect(await store.verdictOf('wxa', 'u')).toBe('risky');
    expect(await store.verdictOf('wxb', 't')).toBeNull();
  });

  it('moves a status only from the statuses named', async () => {
    // One after the other: FerretDB v1 does not serialize two conditional updates of one document
    // (both can match), MongoDB does; the moderation use cases are safe either way (README).
    const store = make();
    await store.add(image(1));
    const moved = await store.setStatus('wxa', image(1).id, ['pending'], 'visible', at(9));
    expect(moved?.before.status).toBe('pending');
    expect(moved?.after).toMatchObject({ status: 'visible', updatedAt: at(9) });
    expect(await store.setStatus('wxa', image(1).id, ['pending'], 'rejected', at(9))).toBeNull();
    expect((await store.get('wxa', image(1).id))?.status).toBe('visible');
    expect(await store.setStatus('wxb', image(1).id, ['visible'], 'review', at(10))).toBeNull();
    expect(await store.setStatus('wxa', 'missing.png', ['pending', 'visible'], 'review', at(10))).toBeNull();
    const back = await store.setStatus('wxa', image(1).id, ['visible', 'review'], 'review', at(11));
    expect(back?.after.status).toBe('review');
  });

  it('answers the statuses of a page, lists one status newest first in pages, and removes', async () => {
    const store = make();
    for (let n = 1; n <= 5; n++) await store.add(image(n, { status: n === 3 ? 'visible' : 'review' }));
    await store.add(image(6, { appId: 'wxb', status: 'review' }));
    const borrowed = image(3).key.replace('/owner/', '/someone-else/');
    const statuses = await store.statuses('wxa', [
      image(1).key,
      image(3).key,
      'album/wxa/owner/missing.png',
      image(6).key,
      borrowed,
    ]);
    expect([...statuses]).toEqual(
      expect.arrayContaining([
        [image(1).key, 'review'],
        [image(3).key, 'visible'],
      ]),
    );
    // A status answers for its own full key only: the same name under another prefix is not it.
    expect(statuses.size).toBe(2);
    expect((await store.statuses('wxa', [])).size).toBe(0);
    const first = await store.listByStatus('wxa', 'review', { limit: 2 });
    expect(first.map((i) => i.id)).toEqual([image(5).id, image(4).id]);
    const rest = await store.listByStatus('wxa', 'review', { limit: 5, after: first[1] });
    expect(rest.map((i) => i.id)).toEqual([image(2).id, image(1).id]);
    expect(await store.listByStatus('wxa', 'rejected', { limit: 5 })).toEqual([]);
    expect((await store.remove('wxa', image(5).id))?.key).toBe(image(5).key);
    expect(await store.remove('wxa', image(5).id)).toBeNull();
    expect(await store.remove('wxa', image(6).id)).toBeNull();
    expect(await store.get('wxb', image(6).id)).not.toBeNull();
  });
});

describe.each([
  [
    'mongodb',
    () => {
      const shared = db();
      return (): ImageStore => new MongoImageStore(async () => shared);
    },
  ],
  [
    'embedded',
    () => {
      const shared = new MemoryImageStore();
      return (): ImageStore => shared;
    },
  ],
])('ImageStore (%s): when moderation started', (_name, makeFactory) => {
  it('is null until noted, then the first note wins, across instances, however often it is noted', async () => {
    const make = makeFactory();
    const [a, b] = [make(), make()];
    expect(await a.moderationStart()).toBeNull();
    await Promise.all([a.noteModerationStart(at(5)), b.noteModerationStart(at(5))]);
    await b.noteModerationStart(at(9));
    await make().noteModerationStart(at(1));
    expect(await a.moderationStart()).toEqual(at(5));
    expect(await make().moderationStart()).toEqual(at(5));
  });
});

it('MongoModerationStart: one document, the first note kept, each container noting once', async () => {
  const shared = db();
  const a = new MongoModerationStart(async () => shared);
  expect(await a.read()).toBeNull();
  await a.note(at(3));
  await new MongoModerationStart(async () => shared).note(at(1));
  expect(await new MongoModerationStart(async () => shared).read()).toEqual(at(3));
  expect(await shared.collection('image_moderation').countDocuments()).toBe(1);
});
