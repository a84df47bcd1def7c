// draw-save invoked locally as SCF would, against FerretDB: the whole cycle, idempotent and
// concurrent saves, pagination while drawings arrive, bad input, and a large drawing round trip.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as draw from '../../functions/draw-save/index.js';
import { eventShapes } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let alice: Session;
let bob: Session;
const mongo = new MongoClient(inject('mongoUrl'));

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure(wechatEnv(wx));
  alice = await loginAs('draw-alice');
  bob = await loginAs('draw-bob');
});
afterAll(async () => {
  await mongo.close();
  await wx.close();
});

const actions = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    method: i % 2 ? 'lineTo' : 'moveTo',
    data: [i, i * 0.5, -i / 3, 'rgba(0,0,0,0.5)', [i, i + 1, 1e-7]],
  }));
const save = (s: Session, body: unknown) =>
  invoke(draw, { method: 'POST', path: '/drawings', headers: s.headers, body });
const list = (s: Session, query: Record<string, string> = {}) =>
  invoke(draw, { method: 'GET', path: '/drawings', headers: s.headers, query });
const drawingsCollection = () => mongo.db(process.env.MONGO_DB).collection('drawings');

describe.each(eventShapes)('%s event', (_shape, makeEvent) => {
  it('saves, lists, opens and deletes a drawing', async () => {
    const s = await loginAs(`cycle-${_shape}`);
    const created = await invoke(
      draw,
      {
        method: 'POST',
        path: '/drawings',
        headers: s.headers,
        body: { actions: actions(3), title: '猫 🐱' },
      },
      makeEvent,
    );
    expect(created.status).toBe(201);
    const { id, createdAt } = created.body.data;
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const listed = await invoke(draw, { method: 'GET', path: '/drawings', headers: s.headers }, makeEvent);
    expect(listed.body.data).toEqual({
      items: [{ id, title: '猫 🐱', createdAt, actionCount: 3 }],
      nextCursor: null,
    });
    const opened = await invoke(
      draw,
      { method: 'GET', path: `/drawings/${id}`, headers: s.headers },
      makeEvent,
    );
    expect(opened.body.data).toEqual({
      id,
      title: '猫 🐱',
      createdAt,
      actionCount: 3,
      actions: JSON.parse(JSON.stringify(actions(3))),
    });

    const deleted = await invoke(
      draw,
      { method: 'DELETE', path: `/drawings/${id}`, headers: s.headers },
      makeEvent,
    );
    expect(deleted.body.data).toEqual({ deleted: true });
    expect(
      (await invoke(draw, { method: 'GET', path: `/drawings/${id}`, headers: s.headers }, makeEvent)).status,
    ).toBe(404);
  });
});

describe('client ids', () => {
  it('saving the same id again returns the existing drawing with 200 and changes nothing', async () => {
    const first = await save(alice, { id: 'client-id-001', actions: actions(2), title: 'v1' });
    expect(first.status).toBe(201);
    const again = await save(alice, { id: 'client-id-001', actions: actions(9), title: 'v2' });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    const opened = await invoke(draw, {
      method: 'GET',
      path: '/drawings/client-id-001',
      headers: alice.headers,
    });
    expect(opened.body.data).toMatchObject({ title: 'v1', actionCount: 2 });
  });

  it('50 concurrent saves of one id by one user make exactly one drawing', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        save(alice, { id: 'concurrent-01', actions: actions(1), title: `n${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(await drawingsCollection().countDocuments({ id: 'concurrent-01' })).toBe(1);
  });

  it("the same id from two users makes two drawings, each intact, and neither sees the other's", async () => {
    await save(alice, { id: 'shared-id-01', actions: actions(1), title: 'alice' });
    const bobs = await save(bob, { id: 'shared-id-01', actions: actions(4), title: 'bob' });
    expect(bobs.status).toBe(201);
    const a = await invoke(draw, { method: 'GET', path: '/drawings/shared-id-01', headers: alice.headers });
    const b = await invoke(draw, { method: 'GET', path: '/drawings/shared-id-01', headers: bob.headers });
    expect([a.body.data.title, a.body.data.actionCount]).toEqual(['alice', 1]);
    expect([b.body.data.title, b.body.data.actionCount]).toEqual(['bob', 4]);
    expect(
      (await invoke(draw, { method: 'DELETE', path: '/drawings/shared-id-01', headers: bob.headers })).status,
    ).toBe(200);
    expect(
      (await invoke(draw, { method: 'GET', path: '/drawings/shared-id-01', headers: alice.headers })).status,
    ).toBe(200);
  });

  it("someone else's id answers 404 and leaves it alone", async () => {
    await save(alice, { id: 'alice-only-1', actions: actions(1) });
    expect(
      (await invoke(draw, { method: 'GET', path: '/drawings/alice-only-1', headers: bob.headers })).status,
    ).toBe(404);
    expect(
      (await invoke(draw, { method: 'DELETE', path: '/drawings/alice-only-1', headers: bob.headers })).status,
    ).toBe(404);
    expect(
      (await invoke(draw, { method: 'GET', path: '/drawings/alice-only-1', headers: alice.headers })).status,
    ).toBe(200);
  });

  it('stores exactly the owner and the drawing, nothing of the session', async () => {
    await save(alice, { id: 'stored-shape', actions: actions(1), title: 't' });
    const doc = await drawingsCollection().findOne({ id: 'stored-shape' });
    expect(Object.keys(doc ?? {}).sort()).toEqual([
      '_id',
      'actionCount',
      'actions',
      'appId',
      'createdAt',
      'id',
      'openId',
      'title',
    ]);
  });
});

describe('pagination', () => {
  it('pages through 3 pages with drawings arriving between reads: no duplicates, no gaps', async () => {
    const carol = await loginAs('draw-carol');
    const existing: string[] = [];
    for (let i = 0; i < 7; i++)
      existing.unshift((await save(carol, { id: `page-${i}-xxxx`, actions: actions(1) })).body.data.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await list(carol, { limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...res.body.data.items.map((d: { id: string }) => d.id));
      await save(carol, { id: `arrived-${page}-xx`, actions: actions(1) });
      cursor = res.body.data.nextCursor ?? undefined;
      if (page < 2) expect(cursor).toBeDefined();
    }
    expect(cursor).toBeUndefined();
    expect(seen).toEqual(existing);
  });

  it('rejects a forged cursor', async () => {
    for (const cursor of [
      'garbage',
      Buffer.from('{"t":"x","id":"a"}').toString('base64url'),
      Buffer.from('{"t":1,"id":{"$gt":""}}').toString('base64url'),
    ]) {
      expect((await list(alice, { cursor })).status).toBe(400);
    }
  });
});

describe('bad input writes nothing', () => {
  const cases: Array<[string, unknown, number]> = [
    ['no actions', { actions: [] }, 400],
    ['actions not an array', { actions: 'lineTo' }, 400],
    ['a method with digits', { actions: [{ method: 'line2', data: [] }] }, 400],
    ['a method of 33 letters', { actions: [{ method: 'a'.repeat(33), data: [] }] }, 400],
    ['data not an array', { actions: [{ method: 'lineTo', data: 5 }] }, 400],
    ['17 data items', { actions: [{ method: 'lineTo', data: Array(17).fill(1) }] }, 400],
    ['a 65-character string', { actions: [{ method: 'lineTo', data: ['x'.repeat(65)] }] }, 400],
    ['an object in data', { actions: [{ method: 'lineTo', data: [{ x: 1 }] }] }, 400],
    ['nested strings', { actions: [{ method: 'lineTo', data: [['a']] }] }, 400],
    ['an extra action key', { actions: [{ method: 'lineTo', data: [], color: 'red' }] }, 400],
    ['a null action', { actions: [null] }, 400],
    ['an operator object as id', { id: { $gt: '' }, actions: actions(1) }, 400],
    ['a $ key in an action', { actions: [{ method: 'lineTo', data: [], $where: 'x' }] }, 400],
    ['a short id', { id: 'short', actions: actions(1) }, 400],
    ['an id with a slash', { id: 'abc/defgh', actions: actions(1) }, 400],
    ['a 101-character title', { title: 'x'.repeat(101), actions: actions(1) }, 400],
    ['20001 actions', { actions: Array.from({ length: 20_001 }, () => ({ method: 'a', data: [] })) }, 400],
    ['a body of 1 MiB + 1', { actions: actions(1), title: 'x'.repeat(1024 * 1024) }, 413],
  ];

  it.each(cases)('%s -> %i', async (_name, body, status) => {
    const before = await drawingsCollection().countDocuments();
    const res = await save(alice, body);
    expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(status);
    expect(await drawingsCollection().countDocuments()).toBe(before);
  });

  it('a body of exactly 1 MiB is accepted', async () => {
    const base = JSON.stringify({ id: 'exactly-1mib', actions: actions(1), title: '' });
    const padded = `${base.slice(0, -1)}${' '.repeat(1024 * 1024 - base.length)}}`;
    expect(Buffer.byteLength(padded)).toBe(1024 * 1024);
    expect((await save(alice, padded)).status).toBe(201);
  });

  it('allows 100 emoji in a title', async () => {
    expect((await save(alice, { title: '🎨'.repeat(100), actions: actions(1) })).status).toBe(201);
  });
});

it('a 5000-action drawing round-trips byte-identical', async () => {
  const big = actions(5000);
  const saved = await save(alice, { actions: big, title: 'big' });
  expect(saved.status).toBe(201);
  const opened = await invoke(draw, {
    method: 'GET',
    path: `/drawings/${saved.body.data.id}`,
    headers: alice.headers,
  });
  expect(JSON.stringify(opened.body.data.actions)).toBe(JSON.stringify(big));
});
