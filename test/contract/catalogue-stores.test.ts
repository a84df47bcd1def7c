// The VideoStore and CommentStore contracts, run against MongoDB (FerretDB) and the embedded stores.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryCommentStore } from '../../lib/stores/comment/memory.js';
import { MongoCommentStore } from '../../lib/stores/comment/mongo.js';
import type { Comment, CommentStore } from '../../lib/stores/comment/store.js';
import { MemoryVideoStore } from '../../lib/stores/video/memory.js';
import { MongoVideoStore } from '../../lib/stores/video/mongo.js';
import type { Video, VideoStore } from '../../lib/stores/video/store.js';

const mongo = new MongoClient(inject('mongoUrl'));
afterAll(() => mongo.close());
const db = () => mongo.db(`c_${randomBytes(4).toString('hex')}`);

const T0 = Date.UTC(2026, 0, 1);
const video = (id: string, day: number): Video => ({
  id,
  title: `片 ${id}`,
  coverUrl: `https://img.example.com/${id}.png`,
  videoUrl: `https://v.example.com/${id}.m3u8`,
  createdAt: new Date(T0 + day * 86_400_000),
});

describe.each([
  ['mongodb', (): VideoStore => new MongoVideoStore(async () => db())],
  ['embedded', (): VideoStore => new MemoryVideoStore()],
])('VideoStore (%s)', (_name, make) => {
  it('seeds idempotently and lists newest first, after a position', async () => {
    const store = make();
    const videos = [video('a', 1), video('b', 3), video('c', 2)];
    expect(await store.seed(videos)).toBe(3);
    expect(await store.seed([{ ...video('a', 9), title: 'changed' }, video('d', 0)])).toBe(1);
    const all = await store.list({ limit: 10 });
    expect(all.map((v) => v.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(all[2]).toEqual(video('a', 1));
    expect(
      (await store.list({ limit: 2, after: { createdAt: all[1]!.createdAt, id: 'c' } })).map((v) => v.id),
    ).toEqual(['a', 'd']);
    expect(await store.exists('b')).toBe(true);
    expect(await store.exists('zzz')).toBe(false);
  });

  it('adds a video once, edits only the fields given, and removes it', async () => {
    const store = make();
    expect(await store.add(video('x', 1))).toBe(true);
    expect(await store.add({ ...video('x', 2), title: 'again' })).toBe(false);
    const edited = await store.update('x', { title: '新标题', coverUrl: undefined });
    expect(edited).toEqual({ before: video('x', 1), after: { ...video('x', 1), title: '新标题' } });
    expect((await store.list({ limit: 5 }))[0]).toEqual({ ...video('x', 1), title: '新标题' });
    expect(await store.update('nope', { title: 't' })).toBeNull();
    expect(await store.remove('x')).toEqual({ ...video('x', 1), title: '新标题' });
    expect(await store.remove('x')).toBeNull();
    expect(await store.exists('x')).toBe(false);
  });
});

const alice = { appId: 'wxa', openId: 'o-alice' };
const bob = { appId: 'wxa', openId: 'o-bob' };
let n = 0;
const comment = (
  vid: string,
  owner: typeof alice,
  ms: number,
  status: Comment['status'] = 'visible',
): Comment => ({
  id: `comment${String(n++).padStart(9, '0')}`,
  vid,
  ...owner,
  content: `评论 ${n} 😀`,
  status,
  createdAt: new Date(T0 + ms),
  author: { nickName: owner.openId, avatarUrl: '' },
});

describe.each([
  ['mongodb', (): CommentStore => new MongoCommentStore(async () => db())],
  ['embedded', (): CommentStore => new MemoryCommentStore()],
])('CommentStore (%s)', (_name, make) => {
  it('lists a video newest first, with comments under review shown to their author only', async () => {
    const store = make();
    const c1 = comment('v1', alice, 10);
    const c2 = comment('v1', bob, 20, 'review');
    const c3 = comment('v1', alice, 30);
    const other = comment('v2', alice, 40);
    for (const c of [c1, c2, c3, other]) await store.add(c);
    expect((await store.list('v1', { limit: 10 })).map((c) => c.id)).toEqual([c3.id, c1.id]);
    expect((await store.list('v1', { limit: 10, viewer: alice })).map((c) => c.id)).toEqual([c3.id, c1.id]);
    expect((await store.list('v1', { limit: 10, viewer: bob })).map((c) => c.id)).toEqual([
      c3.id,
      c2.id,
      c1.id,
    ]);
    expect(
      await store.list('v1', { limit: 10, viewer: bob, after: { createdAt: c2.createdAt, id: c2.id } }),
    ).toEqual([c1]);
  });

  it('deletes only for the author', async () => {
    const store = make();
    const c = comment('v1', alice, 1);
    await store.add(c);
    expect(await store.delete('v1', c.id, bob)).toBe(false);
    expect(await store.delete('v2', c.id, alice)).toBe(false);
    expect(await store.delete('v1', c.id, alice)).toBe(true);
    expect(await store.list('v1', { limit: 10, viewer: alice })).toEqual([]);
  });
});
