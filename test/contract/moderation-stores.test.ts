// The moderators' side of the stores, on MongoDB (FerretDB) and the embedded stores: comments by
// status over every video of one app (paged newest first), a status change that answers before and
// after, a delete of anyone's comment, all within the app; the audit trail per app, paged.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryAuditStore } from '../../lib/stores/audit/memory.js';
import { MongoAuditStore } from '../../lib/stores/audit/mongo.js';
import type { AuditEntry, AuditStore } from '../../lib/stores/audit/store.js';
import { MemoryCommentStore } from '../../lib/stores/comment/memory.js';
import { MongoCommentStore } from '../../lib/stores/comment/mongo.js';
import type { Comment, CommentStore } from '../../lib/stores/comment/store.js';

const mongo = new MongoClient(inject('mongoUrl'));
afterAll(() => mongo.close());
const db = () => {
  const name = `m_${randomBytes(4).toString('hex')}`;
  return async () => mongo.db(name);
};

const implementations: Array<[string, () => { comments: CommentStore; audit: AuditStore }]> = [
  ['mongodb', () => ({ comments: new MongoCommentStore(db()), audit: new MongoAuditStore(db()) })],
  ['embedded', () => ({ comments: new MemoryCommentStore(), audit: new MemoryAuditStore() })],
];

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const comment = (n: number, over: Partial<Comment> = {}): Comment => ({
  id: `c${String(n).padStart(15, '0')}`,
  vid: n % 2 ? 'sintel' : 'bunny',
  appId: 'wxa',
  openId: `o${n}`,
  content: `第 ${n} 条`,
  status: 'review',
  createdAt: at(n),
  author: { nickName: `u${n}`, avatarUrl: '' },
  ...over,
});

describe.each(implementations)('moderation stores (%s)', (_name, make) => {
  it('lists one status over every video of the app, newest first, in pages', async () => {
    const { comments } = make();
    for (let n = 1; n <= 5; n++) await comments.add(comment(n));
    await comments.add(comment(6, { status: 'visible' }));
    await comments.add(comment(7, { appId: 'wxother' }));
    const first = await comments.listByStatus('wxa', 'review', { limit: 3 });
    expect(first.map((c) => c.id)).toEqual([comment(5).id, comment(4).id, comment(3).id]);
    const rest = await comments.listByStatus('wxa', 'review', { limit: 3, after: first[2] });
    expect(rest.map((c) => c.id)).toEqual([comment(2).id, comment(1).id]);
    expect((await comments.listByStatus('wxa', 'visible', { limit: 10 })).map((c) => c.id)).toEqual([
      comment(6).id,
    ]);
    expect(await comments.listByStatus('wxa', 'hidden', { limit: 10 })).toEqual([]);
  });

  it('changes a status (before and after), removes anyone’s comment, never across apps', async () => {
    const { comments } = make();
    await comments.add(comment(1));
    await comments.add(comment(2, { appId: 'wxother' }));
    const changed = await comments.setStatus('wxa', comment(1).id, 'hidden');
    expect(changed?.before.status).toBe('review');
    expect(changed?.after).toEqual({ ...comment(1), status: 'hidden' });
    expect(await comments.list('sintel', { limit: 10, viewer: { appId: 'wxa', openId: 'o1' } })).toEqual([]);
    expect(await comments.setStatus('wxa', comment(2).id, 'visible')).toBeNull(); // another app's
    expect(await comments.remove('wxa', comment(2).id)).toBeNull();
    expect(await comments.remove('wxa', comment(1).id)).toEqual({ ...comment(1), status: 'hidden' });
    expect(await comments.remove('wxa', comment(1).id)).toBeNull();
  });

  it('keeps the audit trail per app, newest first, in pages', async () => {
    const { audit } = make();
    const entry = (n: number, appId = 'wxa'): AuditEntry => ({
      id: `a${String(n).padStart(15, '0')}`,
      appId,
      actor: 'oadmin',
      action: 'comment.status',
      target: `comment:c${n}`,
      before: { status: 'review' },
      after: { status: 'visible' },
      createdAt: at(n),
    });
    for (let n = 1; n <= 4; n++) await audit.add(entry(n));
    await audit.add(entry(5, 'wxother'));
    const page = await audit.list('wxa', { limit: 2 });
    expect(page).toEqual([entry(4), entry(3)]);
    expect(await audit.list('wxa', { limit: 5, after: page[1] })).toEqual([entry(2), entry(1)]);
  });
});
