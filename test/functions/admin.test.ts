// The moderation desk through the comments function, against real Redis and FerretDB and a fake
// WeChat whose content check sends "REVIEW" comments to review: a moderator (WX_ADMINS) lists the
// app's comments by status, shows, hides and deletes them, and reads the audit trail of it all;
// everyone else, signed in or not, gets 404 on every /admin route, malformed requests included.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as comments from '../../functions/comments/index.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs, type Session } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let admin: Session;
let alice: Session;
let bob: Session;
const adminCode = `moderator-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), WX_CONTENT_CHECK: 'on', WX_ADMINS: wx.openIdFor(adminCode) });
  await getApp().videos.seed(sampleCatalogue());
  admin = await loginAs(adminCode);
  alice = await loginAs(`alice-${randomBytes(4).toString('hex')}`);
  bob = await loginAs(`bob-${randomBytes(4).toString('hex')}`);
});
afterAll(async () => wx.close());

const call = (
  method: string,
  path: string,
  session?: Session,
  body?: unknown,
  query?: Record<string, string>,
) =>
  invoke(comments, {
    method,
    path,
    ...(session ? { headers: session.headers } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(query ? { query } : {}),
  });
const post = async (session: Session, content: string) =>
  (await call('POST', '/videos/sintel/comments', session, { content })).body.data;
const publicIds = async (viewer?: Session) =>
  (
    (await call('GET', '/videos/sintel/comments', viewer, undefined, { limit: '50' })).body.data
      .items as Array<{ id: string }>
  ).map((c) => c.id);

describe('/admin', () => {
  it('is 404 to everyone but the moderators, whatever they send', async () => {
    const posted = await post(alice, '普通评论');
    for (const who of [alice, bob, undefined]) {
      for (const [method, path, body, query] of [
        ['GET', '/admin/comments', undefined, undefined],
        ['GET', '/admin/comments', undefined, { status: 'bogus' }],
        ['PATCH', `/admin/comments/${posted.id}`, { status: 'hidden' }],
        ['PATCH', `/admin/comments/${posted.id}`, { status: 'nonsense' }],
        ['PUT', '/admin/comments/not-an-id', {}],
        ['DELETE', `/admin/comments/${posted.id}`],
        ['GET', '/admin/audit'],
      ] as const) {
        const res = await call(method, path, who, body, query);
        expect([res.status, res.body.error], `${method} ${path} as ${who ? 'a user' : 'nobody'}`).toEqual([
          404,
          'ERR_NOT_FOUND',
        ]);
      }
    }
    expect(await publicIds()).toContain(posted.id); // untouched
  });

  it('answers a non-moderator exactly as a path that does not exist, whatever the method, body or session', async () => {
    const expired = { ...alice, headers: { 'X-WX-Id': alice.uuid, 'X-WX-Skey': 'A'.repeat(43) } };
    const garbage = { ...alice, headers: { 'X-WX-Id': 'not-a-uuid', 'X-WX-Skey': 'x' } };
    /** The answer with what differs by request alone (its id, the path it names) taken out. */
    const shape = (
      res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
      path: string,
    ) => ({
      status: res.status,
      headers: Object.entries(res.headers)
        .filter(([k]) => k !== 'x-request-id')
        .sort(),
      body: { ...res.body, requestId: '-', message: String(res.body.message).replace(path, '<path>') },
    });
    const raw = (method: string, path: string, session: Session | undefined, body: string | undefined) =>
      invoke(comments, {
        method,
        path,
        ...(session ? { headers: session.headers } : {}),
        ...(body !== undefined ? { body } : {}),
      });
    for (const who of [bob, expired, garbage, undefined]) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        for (const body of [undefined, '{"status":"hidden"}', '{not json', 'x'.repeat(70 * 1024)]) {
          const unknown = shape(
            await raw(method, '/nowhere/comments/abc', who, body),
            '/nowhere/comments/abc',
          );
          for (const path of [
            '/admin/comments',
            '/admin/comments/abc',
            '/admin/comments/%ZZ',
            '/admin/images/x.png',
            '/admin/videos/v1',
            '/admin/audit',
          ]) {
            const res = await raw(method, path, who, body);
            expect(shape(res, path), `${method} ${path} with ${body?.slice(0, 12)}`).toEqual(unknown);
          }
        }
      }
    }
    expect((await raw('DELETE', '/admin/audit', admin, undefined)).status).toBe(405);
  });

  it('lists review first, shows, hides and deletes, and writes each to the audit trail', async () => {
    const held = await post(alice, '这条要 REVIEW 一下');
    expect(held.status).toBe('review');
    expect(await publicIds(bob)).not.toContain(held.id);

    const queue = await call('GET', '/admin/comments', admin);
    expect(queue.status).toBe(200);
    const item = queue.body.data.items.find((c: { id: string }) => c.id === held.id);
    expect(item).toMatchObject({
      id: held.id,
      vid: 'sintel',
      status: 'review',
      author: { openId: alice.data.user.openId },
    });
    expect(queue.body.data.items.every((c: { status: string }) => c.status === 'review')).toBe(true);

    const shown = await call('PATCH', `/admin/comments/${held.id}`, admin, { status: 'visible' });
    expect(shown.body.data.comment).toMatchObject({ id: held.id, status: 'visible' });
    expect(await publicIds(bob)).toContain(held.id);

    const hidden = await call('PUT', `/admin/comments/${held.id}`, admin, { status: 'hidden' });
    expect(hidden.body.data.comment.status).toBe('hidden');
    expect(await publicIds(bob)).not.toContain(held.id);
    expect(await publicIds(alice)).not.toContain(held.id); // hidden from its author too
    expect(
      (await call('GET', '/admin/comments', admin, undefined, { status: 'hidden' })).body.data.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toContain(held.id);

    const other = await post(bob, '要删掉的');
    expect((await call('DELETE', `/admin/comments/${other.id}`, admin)).body.data).toEqual({ deleted: true });
    expect(await publicIds()).not.toContain(other.id);
    expect((await call('DELETE', `/admin/comments/${other.id}`, admin)).status).toBe(404);

    const bad = await call('PATCH', `/admin/comments/${held.id}`, admin, { status: 'review' });
    expect([bad.status, bad.body.error]).toEqual([400, 'ERR_INVALID_INPUT']);

    const audit = await call('GET', '/admin/audit', admin, undefined, { limit: '3' });
    expect(audit.body.data.items.map((e: { action: string }) => e.action)).toEqual([
      'comment.delete',
      'comment.status',
      'comment.status',
    ]);
    const [deleted, hide, show] = audit.body.data.items;
    expect(show).toMatchObject({
      actor: wx.openIdFor(adminCode),
      target: `comment:${held.id}`,
      before: { status: 'review' },
      after: { status: 'visible' },
    });
    expect(hide).toMatchObject({ before: { status: 'visible' }, after: { status: 'hidden' } });
    expect(deleted).toMatchObject({
      target: `comment:${other.id}`,
      before: { content: '要删掉的' },
      after: null,
    });
    expect(Date.parse(deleted.createdAt)).toBeGreaterThanOrEqual(Date.parse(show.createdAt));
  });

  it('manages the trailer catalogue: add, edit, remove, each audited; 404 to others', async () => {
    const body = {
      title: '新预告',
      coverUrl: 'https://img.example.com/c.png',
      videoUrl: 'https://v.example.com/t.mp4',
    };
    expect((await call('POST', '/admin/videos', alice, body)).status).toBe(404);
    const added = await call('POST', '/admin/videos', admin, { id: 'new-trailer', ...body });
    expect(added.status).toBe(201);
    expect(added.body.data.video).toMatchObject({ id: 'new-trailer', ...body });
    const list = await call('GET', '/videos', undefined, undefined, { limit: '50' });
    expect(list.body.data.items.map((v: { id: string }) => v.id)).toContain('new-trailer');
    expect((await call('POST', '/admin/videos', admin, { id: 'new-trailer', ...body })).body.error).toBe(
      'ERR_INVALID_INPUT',
    );
    for (const bad of [
      { ...body, videoUrl: 'http://v.example.com/t.mp4' },
      { ...body, title: '' },
      { ...body, extra: 1 },
    ]) {
      expect((await call('POST', '/admin/videos', admin, bad)).status, JSON.stringify(bad)).toBe(400);
    }

    const edited = await call('PATCH', '/admin/videos/new-trailer', admin, { title: '改名了' });
    expect(edited.body.data.video).toMatchObject({
      id: 'new-trailer',
      title: '改名了',
      videoUrl: body.videoUrl,
    });
    expect((await call('PUT', '/admin/videos/new-trailer', bob, { title: 'x' })).status).toBe(404);
    expect((await call('DELETE', '/admin/videos/new-trailer', admin)).body.data).toEqual({ deleted: true });
    expect((await call('GET', '/videos/new-trailer/comments')).status).toBe(404);
    expect((await call('DELETE', '/admin/videos/new-trailer', admin)).status).toBe(404);

    const audit = await call('GET', '/admin/audit', admin, undefined, { limit: '3' });
    expect(audit.body.data.items.map((e: { action: string }) => e.action)).toEqual([
      'video.remove',
      'video.edit',
      'video.add',
    ]);
    expect(audit.body.data.items[1]).toMatchObject({
      before: { title: '新预告' },
      after: { title: '改名了' },
    });
  });
});
