// A user's data, start to end, on the real stores (Redis or the Redis Cluster, FerretDB) and the
// local bucket: a user with something in every store through every door exports it (every field
// checked against what they made), then deletes their account (or WeChat cancels it), and then
// every Redis key and value, every document of every collection and every bucket object is read:
// nothing names them (a counter that expires within two minutes aside), another user's data is
// as it was, every credential of theirs answers 401, and a later login makes a new, empty user.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { accountSubject } from '../../lib/features/account/subject.js';
import { ownerPrefix } from '../../lib/features/album/owner.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { png } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { connect } from '../support/game-client.js';
import { keysMatching, testRedis } from '../support/redis.js';
import { rememberSecret } from '../support/secrets.js';
import { until } from '../support/until.js';
import { mediaCheckEvent, sendPush, signedPush } from '../support/wechat-push.js';

const token = `tok${randomBytes(8).toString('hex')}`;
rememberSecret(token);
const redis = testRedis();
const mongo = new MongoClient(inject('mongoUrl'));
let wx: FakeWechat;
let dev: Dev;
const moderatorCode = `mod-${randomBytes(4).toString('hex')}`;
let moderator: Record<string, string>;

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({
    WX_APPS: JSON.stringify([
      { appId: wx.appId, secret: wx.secret, legacyId: 1001, admins: [wx.openIdFor(moderatorCode)] },
    ]),
    WX_API_BASE: wx.url,
    WX_CONTENT_CHECK: 'on',
    WX_PUSH_TOKEN: token,
    WX_PUSH_AES_KEY: undefined,
    WX_ADMINS: undefined,
    LOGIN_RATE_LIMIT: '10000',
    GAME_ROBOT_WAIT_MS: '50',
    GAME_TIME_MS: '300',
    GAME_PAUSE_MS: '50',
  });
  await getApp().videos.seed(sampleCatalogue());
  moderator = (await login(moderatorCode)).headers;
});
afterAll(async () => {
  await dev.close();
  await wx.close();
  redis.disconnect();
  await mongo.close();
});

/** A call to the dev server, headers before the body. */
const raw = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  dev.call(method, path, body, headers);

async function login(code: string) {
  const { json } = await raw('POST', '/login', {}, { code });
  return {
    uuid: json.data.uuid as string,
    headers: { 'X-WX-Id': json.data.uuid, 'X-WX-Skey': json.data.skey },
  };
}

const push = (message: object) =>
  sendPush(`${dev.url}/wx/push`, signedPush(message, { token, appId: wx.appId }));

/** Everything a user makes, through every door; what it made, to check the export and the deletion. */
async function populate(name: string) {
  const code = (n: number) => `${name}~${n}`;
  const openId = wx.openIdFor(code(0));
  const main = await login(code(1));
  const credentials: Array<[string, () => Promise<boolean>]> = [];
  credentials.push(['/login', async () => (await raw('POST', '/auth', main.headers)).status === 200]);
  const wafer = await raw('GET', '/wafer/login', { 'X-WX-Code': code(2) });
  const waferId = wafer.json.session.id as string;
  const waferHeaders = { 'X-WX-Id': waferId, 'X-WX-Skey': wafer.json.session.skey };
  credentials.push(['/wafer/login', async () => (await raw('POST', '/auth', waferHeaders)).status === 200]);
  const wafer2 = await raw('GET', '/weapp/login', { 'X-WX-Code': code(3) });
  const wafer2Skey = { 'X-WX-Skey': wafer2.json.data.skey as string };
  credentials.push([
    '/weapp/login',
    async () => (await raw('GET', '/weapp/user', wafer2Skey)).json.code === 0,
  ]);
  const byCode = { 'X-WX-Code': code(4) };
  expect((await raw('POST', '/auth', byCode)).status).toBe(200);
  credentials.push(['X-WX-Code', async () => (await raw('POST', '/auth', byCode)).status === 200]);
  const mina = await raw(
    'POST',
    '/mina/login',
    {},
    { code: code(5), app_id: 1001, encrypt_data: '', iv: '' },
  );
  const minaSession = { uuid: mina.json.data.uuid, skey: mina.json.data.skey, app_id: 1001 };
  credentials.push([
    '/mina/login',
    async () => (await raw('POST', '/mina/auth', {}, minaSession)).json.ok === 'success',
  ]);
  const minaAuth = (iface: object) =>
    raw('POST', '/mina_auth/', {}, { version: 1, componentName: 'MA', interface: iface });
  const idSkey = (await minaAuth({ interfaceName: 'qcloud.cam.id_skey', para: { code: code(6) } })).json
    .returnData;
  const camAuth = { interfaceName: 'qcloud.cam.auth', para: { id: idSkey.id, skey: idSkey.skey } };
  credentials.push(['/mina_auth/', async () => (await minaAuth(camAuth)).json.returnCode === 0]);
  for (const [door, works] of credentials) expect(await works(), door).toBe(true);

  // The album: four images, settled by WeChat's pushes as pass, review and risky, one pending.
  const images: Record<string, string> = {};
  for (const verdict of ['pass', 'review', 'risky', 'none'] as const) {
    const grant = (await raw('POST', '/album/uploads', main.headers, { contentType: 'image/png', size: 300 }))
      .json.data;
    expect(
      (await fetch(grant.put.url, { method: 'PUT', headers: grant.put.headers, body: png(300) })).status,
    ).toBe(200);
    const check = await until('the media check', () =>
      wx.mediaChecks.find((c) => c.mediaUrl.includes(grant.name)),
    );
    await until('the trace', async () =>
      (await getApp().moderation.images.get(wx.appId, grant.name))?.traceId ? true : undefined,
    );
    if (verdict !== 'none') expect((await push(mediaCheckEvent(check, verdict))).text).toBe('success');
    images[grant.key] = { pass: 'visible', review: 'review', risky: 'rejected', none: 'pending' }[verdict];
  }
  const avatar = Object.keys(images).find((k) => images[k] === 'visible')!;
  const nickName = `昵称${name}${randomBytes(3).toString('hex')}`;
  expect((await raw('POST', '/profile', main.headers, { nickName, avatarUrl: avatar })).status).toBe(200);
  expect((await raw('POST', '/phone', main.headers, { code: `phone-${name}` })).status).toBe(200);
  const drawing = await raw('POST', '/drawings', main.headers, {
    actions: [{ method: 'lineTo', data: [1, 2] }],
    title: `画${name}`,
  });
  expect(drawing.status).toBe(201);
  const comments: Record<string, string> = {};
  for (const [content, status] of [
    [`好看 ${name}`, 'visible'],
    [`REVIEW ${name}`, 'review'],
    [`藏起来 ${name}`, 'hidden'],
  ] as const) {
    const posted = await raw('POST', '/videos/sintel/comments', main.headers, { content });
    expect(posted.status).toBe(201);
    if (status === 'hidden')
      expect(
        (await raw('PATCH', `/admin/comments/${posted.json.data.id}`, moderator, { status: 'hidden' }))
          .status,
      ).toBe(200);
    comments[content] = status;
  }
  // A game played: a round against the robot, and the socket left open.
  const player = await connect(`${dev.url.replace('http', 'ws')}/game`, { headers: main.headers } as never);
  player.send({ type: 'hello' });
  await player.next('hi');
  player.send({ type: 'join' });
  await player.next('start', undefined, 5000);
  player.send({ type: 'choice', value: 1 });
  await player.next('result', undefined, 5000);
  const uuids = (await getApp().account.sessions.ofUser(wx.appId, openId)).map((s) => s.uuid);
  expect(uuids).toHaveLength(6);
  return {
    name,
    openId,
    main,
    nickName,
    phone: wx.phoneFor(`phone-${name}`),
    drawingId: drawing.json.data.id as string,
    images,
    comments,
    player,
    uuids,
    credentials,
    headers: [main.headers, waferHeaders, byCode],
    secrets: [openId, ownerPrefix(wx.appId, openId), nickName, wx.phoneFor(`phone-${name}`), ...uuids],
  };
}

type Made = Awaited<ReturnType<typeof populate>>;

/** Every Redis key under this file's prefix with its value and TTL, as text. */
async function redisDump() {
  const out: Array<{ key: string; text: string; ttl: number }> = [];
  for (const key of await keysMatching(redis, `${process.env.REDIS_KEY_PREFIX}*`)) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.get(key)
        : type === 'hash'
          ? await redis.hgetall(key)
          : type === 'set'
            ? await redis.smembers(key)
            : type === 'zset'
              ? await redis.zrange(key, 0, -1, 'WITHSCORES')
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type;
    out.push({ key, text: `${key} ${JSON.stringify(value)}`, ttl: await redis.pttl(key) });
  }
  return out;
}

/** Every document of every collection of this file's database, as text. */
async function mongoDump() {
  const db = mongo.db(process.env.MONGO_DB);
  const out: string[] = [];
  for (const { name } of await db.listCollections().toArray())
    for (const doc of await db.collection(name).find().toArray()) out.push(`${name} ${JSON.stringify(doc)}`);
  return out;
}

/** Every object key in the bucket. */
async function bucketKeys() {
  const keys: string[] = [];
  for (let marker: string | undefined; ; ) {
    const page = await getApp().album.objects.list('', { marker, maxKeys: 1000 });
    keys.push(...page.items.map((o) => o.key));
    if (!page.nextMarker) return keys;
    marker = page.nextMarker;
  }
}

async function expectGone(made: Made, keep: Made) {
  const keys = await redisDump();
  for (const secret of made.secrets) {
    const named = keys.filter((k) => k.text.includes(secret));
    // Counters that expire by themselves within two minutes are allowed to name the user.
    expect(
      named.filter((k) => !(k.key.includes(':rl:') && k.ttl > 0 && k.ttl <= 120_000)),
      secret,
    ).toEqual([]);
    expect(
      (await mongoDump()).filter((d) => d.includes(secret)),
      secret,
    ).toEqual([]);
    expect(
      (await bucketKeys()).filter((k) => k.includes(secret)),
      secret,
    ).toEqual([]);
  }
  for (const [door, works] of made.credentials) expect(await works(), door).toBe(false);
  for (const headers of made.headers) expect((await raw('POST', '/auth', headers)).status).toBe(401);
  // The other user: every credential still works, and everything of theirs is there.
  for (const [door, works] of keep.credentials) expect(await works(), door).toBe(true);
  const exported = (await raw('GET', '/me/export', keep.main.headers)).json.data;
  expect(exported.profile.nickName).toBe(keep.nickName);
  expect(exported.phone.phoneNumber).toBe(keep.phone);
  expect(exported.drawings.map((d: { id: string }) => d.id)).toEqual([keep.drawingId]);
  expect(exported.comments).toHaveLength(3);
  expect(exported.images).toHaveLength(4);
  expect(await bucketKeys()).toEqual(
    expect.arrayContaining(Object.keys(keep.images).filter((k) => keep.images[k] !== 'rejected')),
  );
}

describe('a user’s data, exported and deleted', () => {
  let ann: Made;
  let bob: Made;
  beforeAll(async () => {
    ann = await populate(`ann${randomBytes(3).toString('hex')}`);
    bob = await populate(`bob${randomBytes(3).toString('hex')}`);
  }, 60_000);

  it('GET /me/export holds every field the user made, and nothing of another user', async () => {
    const res = await raw('GET', '/me/export', ann.main.headers);
    expect(res.status).toBe(200);
    const data = res.json.data;
    expect(data.profile).toMatchObject({
      openId: ann.openId,
      nickName: ann.nickName,
      avatarUrl: Object.keys(ann.images).find((k) => ann.images[k] === 'visible'),
    });
    for (const field of ['createdAt', 'updatedAt', 'lastLoginAt'])
      expect(Date.parse(data.profile[field])).toBeGreaterThan(0);
    expect(data.phone).toMatchObject({ phoneNumber: ann.phone, countryCode: '86' });
    expect(data.drawings).toEqual([
      {
        id: ann.drawingId,
        title: expect.stringMatching(/^画ann/),
        createdAt: expect.any(String),
        actionCount: 1,
        path: `/drawings/${ann.drawingId}`,
      },
    ]);
    expect(
      Object.fromEntries(
        data.comments.map((c: { content: string; status: string; vid: string }) => [c.content, c.status]),
      ),
    ).toEqual(ann.comments);
    expect(data.comments.every((c: { vid: string }) => c.vid === 'sintel')).toBe(true);
    expect(
      Object.fromEntries(data.images.map((i: { key: string; status: string }) => [i.key, i.status])),
    ).toEqual(ann.images);
    for (const image of data.images as Array<{ status: string; url: string | null }>) {
      if (image.status === 'rejected') expect(image.url).toBeNull();
      else expect((await fetch(image.url!)).status).toBe(200);
    }
    expect(data.sessions.map((s: { door: string }) => s.door).sort()).toEqual([
      'login',
      'mina_auth',
      'wafer',
      'wafer2',
      'weapp-session',
      'wxapp',
    ]);
    expect(data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(data.decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'comment.status', after: { status: 'hidden' } }),
      ]),
    );
    const text = JSON.stringify(data);
    for (const secret of bob.secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(wx.openIdFor(moderatorCode));
    expect(text).not.toContain(ann.main.uuid);
  });

  it('DELETE /me wants {"confirm": true}, then leaves nothing of the user anywhere and closes their game (4003)', async () => {
    for (const body of [undefined, {}, { confirm: 'yes' }, { confirm: true, extra: 1 }])
      expect((await raw('DELETE', '/me', ann.main.headers, body)).status, JSON.stringify(body)).toBe(400);
    const closed = ann.player.closed;
    const res = await raw('DELETE', '/me', ann.main.headers, { confirm: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, data: { deleted: true } });
    expect(await closed).toEqual({ code: 4003, reason: 'account deleted' });
    await expectGone(ann, bob);
    const entry = (await mongoDump()).filter((d) => d.includes('account.delete'));
    expect(entry).toHaveLength(1);
    expect(entry[0]).toContain(accountSubject(wx.appId, ann.openId));
    // A later wx.login of the same person: a new, empty user.
    const again = await login(`${ann.name}~9`);
    const fresh = (await raw('GET', '/me/export', again.headers)).json.data;
    expect(fresh.profile).toMatchObject({ openId: ann.openId, nickName: '', avatarUrl: '' });
    expect([fresh.phone, fresh.drawings, fresh.comments, fresh.images, fresh.decisions]).toEqual([
      null,
      [],
      [],
      [],
      [],
    ]);
  });

  it("user_authorization_cancellation does the same, recorded as WeChat's; repeated, it changes nothing", async () => {
    const cat = await populate(`cat${randomBytes(3).toString('hex')}`);
    const closed = cat.player.closed;
    const cancellation = {
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'o-wechat',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'user_authorization_cancellation',
      OpenID: cat.openId,
      AppID: wx.appId,
    };
    expect(await push(cancellation)).toEqual({ status: 200, text: 'success' });
    expect((await closed).code).toBe(4003);
    await expectGone(cat, bob);
    const entries = (await mongoDump()).filter((d) => d.includes(accountSubject(wx.appId, cat.openId)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toContain('"actor":"wechat"');
    const before = await mongoDump();
    expect(await push(cancellation)).toEqual({ status: 200, text: 'success' });
    expect(await mongoDump()).toEqual(before);
  }, 60_000);
});
