// Album images moderated end to end through the dev server (npm start's), on real Redis and
// FerretDB: an upload to the local bucket raises COS's ObjectCreated event, album-check asks the
// fake WeChat's media_check_async (which downloads the image by its presigned URL), and the fake's
// pushes, signed and sealed by wechat-crypto, reach wx-push over HTTP. Every outcome, duplicate,
// late and forged pushes, plain and safe mode, avatars others see, and the moderation desk.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { logLines } from '../setup.js';
import { png, postForm } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { connect } from '../support/game-client.js';
import { loginAs, type Session } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';
import { rememberSecret } from '../support/secrets.js';
import { until } from '../support/until.js';
import { type MediaCheck, mediaCheckEvent, sendPush, signedPush } from '../support/wechat-push.js';

const token = `tok${randomBytes(8).toString('hex')}`;
const encodingAESKey = randomBytes(32).toString('base64').slice(0, 43);
rememberSecret(token);
rememberSecret(encodingAESKey);

let wx: FakeWechat;
let dev: Dev;
let alice: Session;
let bob: Session;
let admin: Session;
const adminCode = `moderator-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  wx = await startFakeWechat();
  dev = await startDev({
    ...wechatEnv(wx),
    WX_CONTENT_CHECK: 'on',
    WX_PUSH_TOKEN: token,
    WX_PUSH_AES_KEY: undefined,
    WX_ADMINS: wx.openIdFor(adminCode),
  });
  alice = await loginAs(`alice-${randomBytes(4).toString('hex')}`);
  bob = await loginAs(`bob-${randomBytes(4).toString('hex')}`);
  admin = await loginAs(adminCode);
  await getApp().videos.seed(sampleCatalogue());
});
afterAll(async () => {
  await dev.close();
  await wx.close();
});

/** Signs and PUTs an image as the mini program does; answers its key, name and WeChat's check. */
async function upload(s: Session): Promise<{ key: string; name: string; check: MediaCheck }> {
  const grant = (await dev.call('POST', '/album/uploads', { contentType: 'image/png', size: 300 }, s.headers))
    .json.data;
  const put = await fetch(grant.put.url, { method: 'PUT', headers: grant.put.headers, body: png(300) });
  expect(put.status).toBe(200);
  const check = await until('the media check', () =>
    wx.mediaChecks.find((c) => c.mediaUrl.includes(grant.name)),
  );
  // And its trace recorded, so each push below meets a traced image (a push that beats its trace
  // is the unit tests' case).
  await until('the trace', async () => {
    const image = await getApp().moderation.images.get(check.appId, grant.name);
    return image?.traceId === check.traceId || undefined;
  });
  return { key: grant.key, name: grant.name, check };
}

const statusIn = async (s: Session, name: string) =>
  (
    (await dev.call('GET', '/album?limit=50', undefined, s.headers)).json.data.items as Array<{
      name: string;
      status: string;
    }>
  ).find((i) => i.name === name)?.status;
const push = (
  check: MediaCheck,
  suggest: 'pass' | 'review' | 'risky',
  safe = false,
  format: 'json' | 'xml' = 'json',
) =>
  sendPush(
    `${dev.url}/wx/push`,
    signedPush(mediaCheckEvent(check, suggest), {
      token,
      appId: check.appId,
      format,
      ...(safe ? { encodingAESKey } : {}),
    }),
  );
const setAvatar = (s: Session, key: string) => dev.call('POST', '/profile', { avatarUrl: key }, s.headers);
/** The avatar each viewer sees beside alice's newest comment. */
async function avatarSeenBy(viewer: Session | undefined) {
  const res = await dev.call('GET', '/videos/sintel/comments?limit=1', undefined, viewer?.headers ?? {});
  return res.json.data.items[0].author.avatarUrl as string;
}

describe('an image and its verdicts', () => {
  it('asks WeChat with a URL it can download, for the uploader, and shows the image pending', async () => {
    const { name, check } = await upload(alice);
    expect(check).toMatchObject({ openid: alice.data.user.openId, scene: 1, fetched: 200 });
    expect(check.appId).toBe(wx.appId);
    expect(
      await until('the record', async () => (await statusIn(alice, name)) === 'pending' || undefined),
    ).toBe(true);
  });

  it('pass: the avatar is shown to others only from then on; duplicates change nothing', async () => {
    const { key, name, check } = await upload(alice);
    expect((await setAvatar(alice, key)).status).toBe(200);
    expect(
      (await dev.call('POST', '/videos/sintel/comments', { content: '头像待审' }, alice.headers)).status,
    ).toBe(201);
    expect(await avatarSeenBy(bob)).toBe('');
    expect(await avatarSeenBy(undefined)).toBe('');
    expect(await avatarSeenBy(alice)).toContain(name);
    const answer = await push(check, 'pass');
    expect(answer).toEqual({ status: 200, text: 'success' });
    expect(await statusIn(alice, name)).toBe('visible');
    const seen = await avatarSeenBy(bob);
    expect(seen).toContain(name);
    expect((await fetch(seen)).status).toBe(200);
    expect(await push(check, 'pass')).toEqual({ status: 200, text: 'success' });
    expect(await push(check, 'risky')).toEqual({ status: 200, text: 'success' }); // late: already settled
    expect(await statusIn(alice, name)).toBe('visible');
  });

  it('an approved key is written once: new bytes through the same URL or form are refused (409); after a delete, a new object is checked again', async () => {
    const grant = (
      await dev.call('POST', '/album/uploads', { contentType: 'image/png', size: 300 }, alice.headers)
    ).json.data;
    const original = png(300);
    expect(
      (await fetch(grant.put.url, { method: 'PUT', headers: grant.put.headers, body: original })).status,
    ).toBe(200);
    const first = await until('the media check', () =>
      wx.mediaChecks.find((c) => c.mediaUrl.includes(grant.name)),
    );
    await until(
      'the trace',
      async () =>
        (await getApp().moderation.images.get(first.appId, grant.name))?.traceId === first.traceId ||
        undefined,
    );
    expect(await push(first, 'pass')).toEqual({ status: 200, text: 'success' });
    expect(await statusIn(alice, grant.name)).toBe('visible');
    expect((await setAvatar(alice, grant.key)).status).toBe(200);
    expect(
      (await dev.call('POST', '/videos/sintel/comments', { content: '换图' }, alice.headers)).status,
    ).toBe(201);
    const seen = await avatarSeenBy(bob);
    expect(seen).toContain(grant.name);
    // Other bytes of the same size, through the URL and the form already handed out (10 minutes).
    const other = Buffer.from(png(300));
    other[other.length - 20] = (other[other.length - 20]! + 1) % 256;
    expect(
      (await fetch(grant.put.url, { method: 'PUT', headers: grant.put.headers, body: other })).status,
    ).toBe(409);
    expect((await postForm(grant.post, other)).status).toBe(409);
    const served = Buffer.from(await (await fetch(await avatarSeenBy(bob))).arrayBuffer());
    expect(served.equals(Buffer.from(original))).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // any event of a write would have come by now
    expect(wx.mediaChecks.filter((c) => c.mediaUrl.includes(grant.name))).toHaveLength(1);
    expect(await statusIn(alice, grant.name)).toBe('visible');

    // The owner deletes the image and writes the key again through the old URL: a new object,
    // hidden from others until its own verdict.
    expect((await dev.call('DELETE', `/album/${grant.name}`, undefined, alice.headers)).status).toBe(200);
    expect(
      (await fetch(grant.put.url, { method: 'PUT', headers: grant.put.headers, body: other })).status,
    ).toBe(200);
    const second = await until('a second check', () =>
      wx.mediaChecks.find((c) => c.mediaUrl.includes(grant.name) && c.traceId !== first.traceId),
    );
    expect(await statusIn(alice, grant.name)).toBe('pending');
    expect(await avatarSeenBy(bob)).toBe('');
    expect(await push(first, 'pass')).toEqual({ status: 200, text: 'success' }); // the old bytes' verdict
    expect(await statusIn(alice, grant.name)).toBe('pending');
    await until(
      'the new trace',
      async () =>
        (await getApp().moderation.images.get(second.appId, grant.name))?.traceId === second.traceId ||
        undefined,
    );
    expect(await push(second, 'pass')).toEqual({ status: 200, text: 'success' });
    expect(await statusIn(alice, grant.name)).toBe('visible');
    expect(await avatarSeenBy(bob)).toContain(grant.name);
  });

  it('the game shows an album avatar to the other players only once it passed', async () => {
    const { key, name, check } = await upload(alice);
    await setAvatar(alice, key);
    const seenInRoom = async () => {
      const player = await connect(`${dev.url.replace('http', 'ws')}/game`, alice);
      player.send({ type: 'hello' });
      await player.next('hi');
      player.send({ type: 'join' });
      const room = await player.next('room');
      player.ws.close();
      await player.closed;
      return room.users.find((u) => !u.robot)?.avatarUrl;
    };
    expect(await seenInRoom()).toBe('');
    await push(check, 'pass');
    expect(await seenInRoom()).toContain(name);
  });

  it('risky: the object deleted and the avatar pointing at it cleared, everywhere', async () => {
    const { key, name, check } = await upload(alice);
    await setAvatar(alice, key);
    const url = (await dev.call('GET', '/album?limit=50', undefined, alice.headers)).json.data.items.find(
      (i: { name: string }) => i.name === name,
    ).url;
    expect((await push(check, 'risky')).status).toBe(200);
    expect(await statusIn(alice, name)).toBeUndefined();
    expect((await fetch(url)).status).toBe(404);
    const me = await dev.call('POST', '/auth', undefined, alice.headers);
    expect(me.json.data.user.avatarUrl).toBeUndefined();
    expect(await push(check, 'risky')).toEqual({ status: 200, text: 'success' });
  });

  it('review: hidden from others until a moderator approves it on the desk, which audits it', async () => {
    const { key, name, check } = await upload(alice);
    await setAvatar(alice, key);
    await dev.call('POST', '/videos/sintel/comments', { content: '换了头像' }, alice.headers);
    await push(check, 'review');
    expect(await statusIn(alice, name)).toBe('review');
    expect(await avatarSeenBy(bob)).toBe('');
    for (const who of [alice, bob]) {
      expect((await dev.call('GET', '/admin/images', undefined, who.headers)).status).toBe(404);
      expect(
        (await dev.call('PATCH', `/admin/images/${name}`, { status: 'visible' }, who.headers)).status,
      ).toBe(404);
    }
    const desk = await dev.call('GET', '/admin/images?status=review', undefined, admin.headers);
    expect(desk.json.data.items.map((i: { name: string }) => i.name)).toContain(name);
    const approved = await dev.call('PUT', `/admin/images/${name}`, { status: 'visible' }, admin.headers);
    expect(approved.json.data.image).toMatchObject({
      name,
      status: 'visible',
      owner: alice.data.user.openId,
    });
    expect(await avatarSeenBy(bob)).toContain(name);
    const audit = await dev.call('GET', '/admin/audit', undefined, admin.headers);
    expect(audit.json.data.items[0]).toMatchObject({ action: 'image.status', target: `image:${name}` });
  });

  it('a moderator refuses an image: deleted, out of the album', async () => {
    const { name, check } = await upload(bob);
    await push(check, 'review');
    const refused = await dev.call('PATCH', `/admin/images/${name}`, { status: 'rejected' }, admin.headers);
    expect(refused.json.data.image).toMatchObject({ status: 'rejected', url: null });
    expect(await statusIn(bob, name)).toBeUndefined();
    expect(await push(check, 'pass')).toEqual({ status: 200, text: 'success' });
    expect(await statusIn(bob, name)).toBeUndefined();
  });
});

describe('the receiver', () => {
  it('answers the handshake signed by the token, and refuses forged pushes with a log line', async () => {
    const { query } = signedPush({}, { token, appId: wx.appId });
    const echo = await fetch(`${dev.url}/wx/push?${new URLSearchParams({ ...query, echostr: '20261122' })}`);
    expect([echo.status, await echo.text()]).toEqual([200, '20261122']);
    const forged = await fetch(
      `${dev.url}/wx/push?${new URLSearchParams({ ...query, nonce: 'x', echostr: '1' })}`,
    );
    expect(forged.status).toBe(403);
    const { check } = await upload(bob);
    const bad = signedPush(mediaCheckEvent(check, 'risky'), { token: 'notOurToken', appId: wx.appId });
    expect((await sendPush(`${dev.url}/wx/push`, bad)).status).toBe(403);
    expect(logLines.some((l) => l.includes('push refused'))).toBe(true);
    expect(await statusIn(bob, check.mediaUrl.split('?')[0]!.split('/').pop()!)).toBe('pending');
    const unknown = signedPush(
      { MsgType: 'event', Event: 'subscribe_msg_popup_event', appid: wx.appId },
      { token, appId: wx.appId },
    );
    expect(await sendPush(`${dev.url}/wx/push`, unknown)).toEqual({ status: 200, text: 'success' });
  });

  it('takes XML pushes (数据格式 XML, the console’s default), plain and sealed', async () => {
    const plainXml = await upload(bob);
    expect(await push(plainXml.check, 'pass', false, 'xml')).toEqual({ status: 200, text: 'success' });
    expect(await statusIn(bob, plainXml.name)).toBe('visible');
    await configure({ WX_PUSH_AES_KEY: encodingAESKey });
    try {
      const sealedXml = await upload(bob);
      expect(await push(sealedXml.check, 'review', true, 'xml')).toEqual({ status: 200, text: 'success' });
      expect(await statusIn(bob, sealedXml.name)).toBe('review');
    } finally {
      await configure({ WX_PUSH_AES_KEY: undefined });
    }
  });

  it('in safe mode takes sealed pushes only', async () => {
    await configure({ WX_PUSH_AES_KEY: encodingAESKey });
    try {
      const { name, check } = await upload(bob);
      expect((await push(check, 'pass')).status).toBe(403); // plain, refused
      expect(await statusIn(bob, name)).toBe('pending');
      expect(await push(check, 'pass', true)).toEqual({ status: 200, text: 'success' });
      expect(await statusIn(bob, name)).toBe('visible');
    } finally {
      await configure({ WX_PUSH_AES_KEY: undefined });
    }
  });
});
