// One DrawingStore contract, run against MongoDB (FerretDB) and the embedded store.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryDrawingStore } from '../../lib/stores/drawing/memory.js';
import { MongoDrawingStore } from '../../lib/stores/drawing/mongo.js';
import type { Drawing, DrawingStore, Owner } from '../../lib/stores/drawing/store.js';

const mongo = new MongoClient(inject('mongoUrl'));
afterAll(() => mongo.close());

const implementations: Array<[string, () => DrawingStore]> = [
  ['mongodb', () => new MongoDrawingStore(async () => mongo.db(`c_${randomBytes(4).toString('hex')}`))],
  ['embedded', () => new MemoryDrawingStore()],
];

const owner = (): Owner => ({ appId: 'wxa', openId: `o${randomBytes(6).toString('hex')}` });
const T0 = Date.UTC(2026, 2, 1);
const drawing = (id: string, ms = 0, title = ''): Drawing => ({
  id,
  title,
  createdAt: new Date(T0 + ms),
  actions: [{ method: 'lineTo', data: [1, 2.5, 'red', [3, 4]] }],
  actionCount: 1,
});

describe.each(implementations)('DrawingStore (%s)', (_name, make) => {
  it('saves once per (owner, id) and returns the existing drawing unchanged', async () => {
    const store = make();
    const me = owner();
    expect(await store.save(me, drawing('drawing-1', 0, 'first'))).toEqual({
      created: true,
      drawing: { id: 'drawing-1', title: 'first', createdAt: new Date(T0), actionCount: 1 },
    });
    const again = await store.save(me, {
      ...drawing('drawing-1', 999, 'second'),
      actions: [],
      actionCount: 0,
    });
    expect(again).toEqual({
      created: false,
      drawing: { id: 'drawing-1', title: 'first', createdAt: new Date(T0), actionCount: 1 },
    });
    expect((await store.get(me, 'drawing-1'))?.actions).toEqual([
      { method: 'lineTo', data: [1, 2.5, 'red', [3, 4]] },
    ]);
  });

  it("keeps another owner's drawing with the same id apart", async () => {
    const store = make();
    const [a, b] = [owner(), owner()];
    await store.save(a, drawing('same-id-1', 0, 'a'));
    expect((await store.save(b, drawing('same-id-1', 5, 'b'))).created).toBe(true);
    expect((await store.get(a, 'same-id-1'))?.title).toBe('a');
    expect((await store.get(b, 'same-id-1'))?.title).toBe('b');
    expect(await store.delete(b, 'same-id-1')).toBe(true);
    expect((await store.get(a, 'same-id-1'))?.title).toBe('a');
    expect(await store.delete(b, 'same-id-1')).toBe(false);
  });

  it('makes exactly one drawing of 50 concurrent saves with one id', async () => {
    const store = make();
    const me = owner();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.save(me, drawing('racing-1', i, `t${i}`))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.drawing;
    expect(results.every((r) => r.drawing.title === winner.title)).toBe(true);
    expect(await store.list(me, { limit: 100 })).toHaveLength(1);
  });

  it('lists newest first by (createdAt, id), strictly after a position', async () => {
    const store = make();
    const me = owner();
    for (const [id, ms] of [
      ['aaaaaaa1', 10],
      ['aaaaaaa2', 20],
      ['aaaaaaa3', 20],
      ['aaaaaaa4', 30],
    ] as const) {
      await store.save(me, drawing(id, ms));
    }
    await store.save(owner(), drawing('aaaaaaa9', 99));
    const all = await store.list(me, { limit: 10 });
    expect(all.map((d) => d.id)).toEqual(['aaaaaaa4', 'aaaaaaa3', 'aaaaaaa2', 'aaaaaaa1']);
    expect(all[0]).toEqual({ id: 'aaaaaaa4', title: '', createdAt: new Date(T0 + 30), actionCount: 1 });
    const after = await store.list(me, { limit: 2, after: { createdAt: new Date(T0 + 20), id: 'aaaaaaa3' } });
    expect(after.map((d) => d.id)).toEqual(['aaaaaaa2', 'aaaaaaa1']);
  });
});
