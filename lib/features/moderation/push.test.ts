// The push receiver's checks, with pushes sealed and signed by wechat-crypto (WXBizMsgCrypt, as
// WeChat's sample code): the handshake, plain and safe mode, forged and misdirected pushes, events
// it does not handle; verdicts reach the images. Stores are the embedded ones.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WXBizMsgCrypt from 'wechat-crypto';
import { memoryAccountDeps } from '../../../test/support/account-deps.js';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import { pushSignature } from '../../integrations/wechat/push-crypto.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { ForbiddenError, RateLimitedError, ServiceUnavailableError } from '../../platform/errors.js';
import { setLogSink } from '../../platform/log.js';
import { MemoryAlbumOwnerStore } from '../../stores/album-owner/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import { MemoryNonceStore } from '../../stores/nonce/memory.js';
import { memoryRateLimiter } from '../../stores/rate-limit/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import type { ModerationDeps } from './images.js';
import { answerHandshake, PUSH_REFUSALS_PER_MINUTE, type PushDeps, receivePush } from './push.js';
import { handle } from './push-events.js';
import { Refusal } from './push-refusal.js';

const token = 'pushToken42';
const encodingAESKey = randomBytes(32).toString('base64').slice(0, 43);
const app: AppConfig = { appId: 'wxa', secret: 's', loginDurationMs: 1, sessionDurationMs: 1 };
const apps = { apps: new Map([['wxa', app]]) };

/** The pushes' time: the tests' signatures are made at SIGNED_AT, the receiver's clock just after. */
const SIGNED_AT = '1700000000';

function deps(safe: boolean): PushDeps {
  const clock = new SettableClock();
  clock.set(() => Number(SIGNED_AT) * 1000 + 1000);
  const moderation: ModerationDeps = {
    images: new MemoryImageStore(),
    owners: new MemoryAlbumOwnerStore(),
    objects: scratchBucket().objects,
    media: undefined,
    receivesVerdicts: true,
    users: new MemoryUserStore(),
    refreshUser: async () => undefined,
    apps,
    clock,
  };
  const aesKey = safe ? Buffer.from(`${encodingAESKey}=`, 'base64') : undefined;
  const refusals = memoryRateLimiter({
    name: `push-refusal-${randomBytes(4).toString('hex')}`,
    points: PUSH_REFUSALS_PER_MINUTE,
    durationSeconds: 60,
  });
  const account = memoryAccountDeps(clock, apps.apps, { users: moderation.users, images: moderation.images });
  return {
    push: { token, aesKey },
    apps,
    moderation,
    refusals,
    nonces: new MemoryNonceStore(clock),
    account,
  };
}

/** Each push WeChat sends has a nonce of its own. */
let sent = 0;
const nextNonce = () => `n${++sent}`;

/** A push as its bytes reach the receiver: JSON for an object, as it is for a string (XML). */
const receive = (d: PushDeps, request: ReturnType<typeof at>, body: unknown) =>
  receivePush(d, request, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

/** A push's request from one source. */
const at = (query: Record<string, string>, sourceIp = '203.0.113.1') => ({ query, sourceIp });

const event = (trace: string, suggest = 'pass', appid = 'wxa') => ({
  ToUserName: 'gh_1',
  FromUserName: 'o1',
  CreateTime: 1_700_000_000,
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid,
  trace_id: trace,
  version: 2,
  result: { suggest, label: 100 },
  detail: [{ strategy: 'content_model', errcode: 0, suggest, label: 100, prob: 90 }],
});

function plain(message: object, timestamp = SIGNED_AT, nonce = nextNonce()) {
  const query = { timestamp, nonce, signature: pushSignature(token, timestamp, nonce) };
  return { query, body: message };
}

function sealed(message: object, sealedFor = 'wxa', timestamp = SIGNED_AT, nonce = nextNonce()) {
  const crypt = new WXBizMsgCrypt(token, encodingAESKey, sealedFor);
  const Encrypt = crypt.encrypt(JSON.stringify(message));
  const query = {
    timestamp,
    nonce,
    encrypt_type: 'aes',
    signature: pushSignature(token, timestamp, nonce),
    msg_signature: crypt.getSignature(timestamp, nonce, Encrypt),
  };
  return { query, body: { ToUserName: 'gh_1', Encrypt } };
}

async function traced(d: PushDeps, trace: string) {
  const image = { id: `${trace}.png`, key: `album/wxa/x/${trace}.png`, appId: 'wxa', openId: 'o1' };
  await d.moderation.images.add({ ...image, status: 'pending', createdAt: new Date() });
  await d.moderation.images.setTrace('wxa', image.id, trace, new Date());
  return () => d.moderation.images.get('wxa', image.id).then((i) => i?.status);
}

describe('the push handshake', () => {
  it('echoes echostr when signed by the token, refuses otherwise', async () => {
    const d = deps(false);
    const query = { ...plain({}).query, echostr: '5738291' };
    expect(await answerHandshake(d, at(query))).toBe('5738291');
    await expect(answerHandshake(d, at({ ...query, nonce: 'other' }))).rejects.toThrow(ForbiddenError);
    await expect(answerHandshake(d, at({ ...query, echostr: '<script>' }))).rejects.toThrow(ForbiddenError);
    await expect(answerHandshake({ ...d, push: undefined }, at(query))).rejects.toThrow(
      ServiceUnavailableError,
    );
  });
});

describe('pushes', () => {
  it('plain mode: a signed verdict settles its image; a forged one is refused', async () => {
    const d = deps(false);
    const status = await traced(d, 't-1');
    const forged = plain(event('t-1', 'risky'));
    await expect(receive(d, at({ ...forged.query, signature: 'f'.repeat(40) }), forged.body)).rejects.toThrow(
      ForbiddenError,
    );
    const push = plain(event('t-1', 'pass'));
    expect(await receive(d, at(push.query), push.body)).toBe('success');
    expect(await status()).toBe('visible');
  });

  it('safe mode: sealed by WXBizMsgCrypt for our app; plain, misdirected and tampered pushes refused', async () => {
    const d = deps(true);
    const status = await traced(d, 't-2');
    const push = sealed(event('t-2', 'review'));
    expect(await receive(d, at(push.query), push.body)).toBe('success');
    expect(await status()).toBe('review');
    const refused = [
      plain(event('t-2', 'risky')),
      sealed(event('t-2', 'risky'), 'wxother'),
      sealed(event('t-2', 'risky', 'wxother')),
      { ...push, query: { ...push.query, msg_signature: push.query.signature } },
      { ...push, body: { Encrypt: `${push.body.Encrypt.slice(0, -8)}AAAAAAA=` } },
    ];
    for (const bad of refused)
      await expect(receive(d, at(bad.query), bad.body)).rejects.toThrow(ForbiddenError);
    expect(await status()).toBe('review');
  });

  it('acknowledges events it does not handle, and a check WeChat could not make goes to review', async () => {
    const d = deps(true);
    const status = await traced(d, 't-3');
    const other = sealed({ MsgType: 'event', Event: 'user_enter_tempsession', appid: 'wxa' });
    expect(await receive(d, at(other.query), other.body)).toBe('success');
    const failed = sealed({ ...event('t-3'), result: undefined, errcode: 43104, detail: [] });
    expect(await receive(d, at(failed.query), failed.body)).toBe('success');
    expect(await status()).toBe('review');
    const noTrace = sealed({ ...event('t-3'), trace_id: { $ne: 1 } });
    expect(await receive(d, at(noTrace.query), noTrace.body)).toBe('success');
  });

  it('counts refusals per source: past the limit they are answered 429 and not logged; pushes that pass are never limited', async () => {
    const d = deps(false);
    const status = await traced(d, 't-4');
    const forged = { ...plain(event('t-4', 'risky')).query, signature: 'f'.repeat(40) };
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      for (let i = 0; i < PUSH_REFUSALS_PER_MINUTE; i++)
        await expect(receive(d, at(forged), {})).rejects.toThrow(ForbiddenError);
      await expect(receive(d, at(forged), {})).rejects.toThrow(RateLimitedError);
      await expect(answerHandshake(d, at({ ...forged, echostr: '1' }))).rejects.toThrow(RateLimitedError);
      await expect(receive(d, at(forged, '198.51.100.2'), {})).rejects.toThrow(ForbiddenError);
    } finally {
      setLogSink(previous);
    }
    expect(lines.filter((l) => l.includes('"push refused"'))).toHaveLength(PUSH_REFUSALS_PER_MINUTE + 1);
    // A push that passes its checks consumes nothing, from the limited source too.
    const push = plain(event('t-4', 'pass'));
    for (let i = 0; i < PUSH_REFUSALS_PER_MINUTE + 5; i++)
      expect(await receive(d, at(push.query), push.body)).toBe('success');
    expect(await status()).toBe('visible');
  });
});

describe('fresh and once: a signature expires, and a push delivered again changes nothing', () => {
  const logged: string[] = [];
  const watchLog = () => {
    logged.length = 0;
    return setLogSink((line) => void logged.push(line));
  };

  it('refuses a push or a handshake signed outside ±5 minutes, as counted refusals', async () => {
    const d = deps(false);
    await traced(d, 't-stale');
    const previous = watchLog();
    try {
      for (const offset of [-24 * 3600, -301, 301]) {
        const ts = String(Number(SIGNED_AT) + 1 + offset);
        const push = plain(event('t-stale', 'risky'), ts);
        await expect(receive(d, at(push.query), push.body)).rejects.toThrow(ForbiddenError);
        const handshake = { ...plain({}, ts).query, echostr: '1' };
        await expect(answerHandshake(d, at(handshake))).rejects.toThrow(ForbiddenError);
      }
    } finally {
      setLogSink(previous);
    }
    expect(logged.filter((l) => l.includes('"reason":"stale"'))).toHaveLength(6);
    const inside = plain(event('t-stale', 'pass'), String(Number(SIGNED_AT) + 1 - 299));
    expect(await receive(d, at(inside.query), inside.body)).toBe('success');
  });

  it('refuses a timestamp and nonce run together, an empty nonce, and a timestamp that is not digits', async () => {
    const d = deps(false);
    const together = `${SIGNED_AT}n77`;
    const cases = [
      { timestamp: together, nonce: '', signature: pushSignature(token, together, '') },
      { timestamp: SIGNED_AT, nonce: '', signature: pushSignature(token, SIGNED_AT, '') },
      { timestamp: `${SIGNED_AT}.0`, nonce: 'n', signature: pushSignature(token, `${SIGNED_AT}.0`, 'n') },
      { timestamp: ' 1700000000', nonce: 'n', signature: pushSignature(token, ' 1700000000', 'n') },
    ];
    for (const query of cases) {
      await expect(receive(d, at(query), event('t-x'))).rejects.toThrow(ForbiddenError);
      await expect(answerHandshake(d, at({ ...query, echostr: '1' }))).rejects.toThrow(ForbiddenError);
    }
  });

  it.each([
    ['plain', false],
    ['safe', true],
  ] as const)(
    '%s mode: a replayed push is acknowledged and changes nothing; another instance on the same store sees it too',
    async (_mode, safe) => {
      const d = deps(safe);
      const make = safe ? (m: object) => sealed(m) : (m: object) => plain(m);
      const status = await traced(d, 't-once');
      const review = make(event('t-once', 'review'));
      expect(await receive(d, at(review.query), review.body)).toBe('success');
      expect(await status()).toBe('review');
      // A moderator approves it; then the same push arrives again (a replay, or WeChat resending).
      await d.moderation.images.setStatus('wxa', 't-once.png', ['review'], 'visible', new Date());
      // Delivered again, to this instance or another sharing the store: acknowledged, never handled.
      const images = d.moderation.images;
      let handled = 0;
      const counting = {
        ...d.moderation,
        images: Object.assign(Object.create(images), {
          recordVerdict: (...args: Parameters<typeof images.recordVerdict>) => {
            handled++;
            return images.recordVerdict(...args);
          },
        }) as typeof images,
      };
      const other = { ...deps(safe), nonces: d.nonces, moderation: counting };
      for (const again of [{ ...d, moderation: counting }, other])
        expect(await receive(again, at(review.query), review.body)).toBe('success');
      expect(handled).toBe(0);
      expect(await status()).toBe('visible');
    },
  );
});

describe('XML pushes (数据格式 XML, the console’s default)', () => {
  /** A wxa_media_check event as WeChat writes it in XML. */
  const xmlEvent = (trace: string, suggest: string, appid = 'wxa') =>
    `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>` +
    `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[wxa_media_check]]></Event><appid><![CDATA[${appid}]]></appid>` +
    `<trace_id><![CDATA[${trace}]]></trace_id><version>2</version>` +
    `<detail><strategy><![CDATA[content_model]]></strategy><errcode>0</errcode><suggest><![CDATA[${suggest}]]></suggest><label>100</label><prob>90</prob></detail>` +
    `<errcode>0</errcode><errmsg><![CDATA[ok]]></errmsg>` +
    `<result><suggest><![CDATA[${suggest}]]></suggest><label>100</label></result></xml>`;

  it('plain mode: a signed XML verdict settles its image', async () => {
    const d = deps(false);
    const status = await traced(d, 't-xml-1');
    const { query } = plain({});
    expect(await receive(d, at(query), xmlEvent('t-xml-1', 'pass'))).toBe('success');
    expect(await status()).toBe('visible');
  });

  it('safe mode: the XML envelope carries Encrypt, sealed by WXBizMsgCrypt around an XML message', async () => {
    const d = deps(true);
    const status = await traced(d, 't-xml-2');
    const crypt = new WXBizMsgCrypt(token, encodingAESKey, 'wxa');
    const Encrypt = crypt.encrypt(xmlEvent('t-xml-2', 'review'));
    const nonce = nextNonce();
    const query = {
      timestamp: SIGNED_AT,
      nonce,
      encrypt_type: 'aes',
      signature: pushSignature(token, SIGNED_AT, nonce),
      msg_signature: crypt.getSignature(SIGNED_AT, nonce, Encrypt),
    };
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${Encrypt}]]></Encrypt></xml>`;
    expect(await receive(d, at(query), body)).toBe('success');
    expect(await status()).toBe('review');
  });

  it('refuses XML with a document type or entities, and XML that is not well-formed, as counted refusals', async () => {
    const d = deps(false);
    const status = await traced(d, 't-xml-3');
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      xmlEvent('t-xml-3', 'pass').replace('<errmsg><![CDATA[ok]]></errmsg>', '<errmsg>&b;</errmsg>');
    for (const body of [bomb, '<xml><Event>wxa_media_check</xml>', '<<<']) {
      await expect(receive(d, at(plain({}).query), body)).rejects.toThrow(ForbiddenError);
    }
    expect(await status()).toBe('pending');
  });
});

describe("WeChat's authorization events (授权用户信息变更)", () => {
  const openId = 'owAqB1nqaOYYWl0Ng484G2z5NIwU'; // the shape of the published sample's OpenID
  const known = async (d: PushDeps) => {
    const now = new Date();
    await d.account.users.upsertOnLogin({ appId: 'wxa', openId, now, profile: { nickName: 'Ann' } });
    await d.account.users.setPhone(
      'wxa',
      openId,
      { sealed: 'x', masked: '138****8000', countryCode: '86', boundAt: now },
      now,
    );
  };
  const revoke = (info: string, appId = 'wxa') => ({
    ToUserName: 'gh_870882ca4b1',
    FromUserName: 'owAqB1v0ahK_Xlc7GshIDdf2yf7E',
    CreateTime: 1_700_000_000,
    MsgType: 'event',
    Event: 'user_authorization_revoke',
    OpenID: openId,
    AppID: appId,
    RevokeInfo: info,
  });
  // The published XML sample's shape, CDATA and all, for our app and user.
  const revokeXml = (info: string) =>
    '<xml><ToUserName><![CDATA[gh_870882ca4b1]]></ToUserName><FromUserName><![CDATA[owAqB1v0ahK_Xlc7GshIDdf2yf7E]]></FromUserName>' +
    '<CreateTime>1626857200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_authorization_revoke]]></Event>' +
    `<OpenID><![CDATA[${openId}]]></OpenID><AppID><![CDATA[wxa]]></AppID><RevokeInfo><![CDATA[${info}]]></RevokeInfo></xml>`;

  it('plain JSON: RevokeInfo 8 deletes the phone; the same push again changes nothing more', async () => {
    const d = deps(false);
    await known(d);
    const push = plain(revoke('8'));
    expect(await receive(d, at(push.query), push.body)).toBe('success');
    expect(await d.account.users.getPhone('wxa', openId)).toBeNull();
    expect(await receive(d, at(push.query), push.body)).toBe('success');
    expect((await d.account.users.get('wxa', openId))?.nickName).toBe('Ann');
  });

  it('plain XML as published: RevokeInfo 6 clears nickname and avatar', async () => {
    const d = deps(false);
    await known(d);
    expect(await receive(d, at(plain({}).query), revokeXml('6'))).toBe('success');
    expect((await d.account.users.get('wxa', openId))?.nickName).toBeUndefined();
  });

  it('safe mode: user_info_modified clears the profile; cancellation deletes the account', async () => {
    const d = deps(true);
    await known(d);
    const modified = sealed({ ...revoke(''), Event: 'user_info_modified' });
    expect(await receive(d, at(modified.query), modified.body)).toBe('success');
    expect((await d.account.users.get('wxa', openId))?.nickName).toBeUndefined();
    const cancelled = sealed({ ...revoke(''), Event: 'user_authorization_cancellation' });
    expect(await receive(d, at(cancelled.query), cancelled.body)).toBe('success');
    expect(await d.account.users.get('wxa', openId)).toBeNull();
    const entries = await d.account.audit.list('wxa', { limit: 10 });
    expect(entries).toEqual([expect.objectContaining({ action: 'account.delete', actor: 'wechat' })]);
  });

  it('refuses an event for a mini program we do not serve, or sealed for another; an unknown user is a no-op', async () => {
    const plainDeps = deps(false);
    await known(plainDeps);
    const foreign = plain(revoke('8', 'wxother'));
    await expect(receive(plainDeps, at(foreign.query), foreign.body)).rejects.toThrow(ForbiddenError);
    expect(await plainDeps.account.users.getPhone('wxa', openId)).not.toBeNull();
    const safeDeps = deps(true);
    const misdirected = sealed(revoke('8', 'wxother'));
    await expect(receive(safeDeps, at(misdirected.query), misdirected.body)).rejects.toThrow(ForbiddenError);
    const stranger = plain({ ...revoke('8'), OpenID: 'oStrangerStrangerStranger01' });
    expect(await receive(plainDeps, at(stranger.query), stranger.body)).toBe('success');
    expect(await plainDeps.account.users.getPhone('wxa', openId)).not.toBeNull();
  });

  it('acknowledges an event whose OpenID is not one, acting on nothing', async () => {
    const d = deps(false);
    await known(d);
    for (const OpenID of [undefined, '', '$where', 'x'.repeat(65), 42])
      expect(await handle(d, { ...revoke('8'), OpenID } as never)).toBe('success');
    expect(await d.account.users.getPhone('wxa', openId)).not.toBeNull();
    await expect(handle(d, revoke('8', 'wxother') as never)).rejects.toBeInstanceOf(Refusal);
  });
});
