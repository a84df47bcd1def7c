// The push receiver's checks, with pushes sealed and signed by wechat-crypto (WXBizMsgCrypt, as
// WeChat's sample code): the handshake, plain and safe mode, forged and misdirected pushes, events
// it does not handle; verdicts reach the images. Stores are the embedded ones.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WXBizMsgCrypt from 'wechat-crypto';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import { pushSignature } from '../../integrations/wechat/push-crypto.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { ForbiddenError, ServiceUnavailableError } from '../../platform/errors.js';
import { MemoryAlbumOwnerStore } from '../../stores/album-owner/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import type { ModerationDeps } from './images.js';
import { answerHandshake, type PushDeps, receivePush } from './push.js';

const token = 'pushToken42';
const encodingAESKey = randomBytes(32).toString('base64').slice(0, 43);
const app: AppConfig = { appId: 'wxa', secret: 's', loginDurationMs: 1, sessionDurationMs: 1 };
const apps = { apps: new Map([['wxa', app]]) };

function deps(safe: boolean): PushDeps {
  const moderation: ModerationDeps = {
    images: new MemoryImageStore(),
    owners: new MemoryAlbumOwnerStore(),
    objects: scratchBucket().objects,
    media: undefined,
    receivesVerdicts: true,
    users: new MemoryUserStore(),
    refreshUser: async () => undefined,
    apps,
    clock: new SettableClock(),
  };
  const aesKey = safe ? Buffer.from(`${encodingAESKey}=`, 'base64') : undefined;
  return { push: { token, aesKey }, apps, moderation };
}

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

function plain(message: object) {
  const query = { timestamp: '1700000000', nonce: 'n1', signature: pushSignature(token, '1700000000', 'n1') };
  return { query, body: message };
}

function sealed(message: object, sealedFor = 'wxa') {
  const crypt = new WXBizMsgCrypt(token, encodingAESKey, sealedFor);
  const Encrypt = crypt.encrypt(JSON.stringify(message));
  const query = {
    timestamp: '1700000000',
    nonce: 'n2',
    encrypt_type: 'aes',
    signature: pushSignature(token, '1700000000', 'n2'),
    msg_signature: crypt.getSignature('1700000000', 'n2', Encrypt),
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
  it('echoes echostr when signed by the token, refuses otherwise', () => {
    const d = deps(false);
    const query = { ...plain({}).query, echostr: '5738291' };
    expect(answerHandshake(d, query)).toBe('5738291');
    expect(() => answerHandshake(d, { ...query, nonce: 'other' })).toThrow(ForbiddenError);
    expect(() => answerHandshake(d, { ...query, echostr: '<script>' })).toThrow(ForbiddenError);
    expect(() => answerHandshake({ ...d, push: undefined }, query)).toThrow(ServiceUnavailableError);
  });
});

describe('pushes', () => {
  it('plain mode: a signed verdict settles its image; a forged one is refused', async () => {
    const d = deps(false);
    const status = await traced(d, 't-1');
    const forged = plain(event('t-1', 'risky'));
    await expect(receivePush(d, { ...forged.query, signature: 'f'.repeat(40) }, forged.body)).rejects.toThrow(
      ForbiddenError,
    );
    const push = plain(event('t-1', 'pass'));
    expect(await receivePush(d, push.query, push.body)).toBe('success');
    expect(await status()).toBe('visible');
  });

  it('safe mode: sealed by WXBizMsgCrypt for our app; plain, misdirected and tampered pushes refused', async () => {
    const d = deps(true);
    const status = await traced(d, 't-2');
    const push = sealed(event('t-2', 'review'));
    expect(await receivePush(d, push.query, push.body)).toBe('success');
    expect(await status()).toBe('review');
    const refused = [
      plain(event('t-2', 'risky')),
      sealed(event('t-2', 'risky'), 'wxother'),
      sealed(event('t-2', 'risky', 'wxother')),
      { ...push, query: { ...push.query, msg_signature: push.query.signature } },
      { ...push, body: { Encrypt: `${push.body.Encrypt.slice(0, -8)}AAAAAAA=` } },
    ];
    for (const bad of refused)
      await expect(receivePush(d, bad.query, bad.body)).rejects.toThrow(ForbiddenError);
    expect(await status()).toBe('review');
  });

  it('acknowledges events it does not handle, and a check WeChat could not make goes to review', async () => {
    const d = deps(true);
    const status = await traced(d, 't-3');
    const other = sealed({ MsgType: 'event', Event: 'user_enter_tempsession', appid: 'wxa' });
    expect(await receivePush(d, other.query, other.body)).toBe('success');
    const failed = sealed({ ...event('t-3'), result: undefined, errcode: 43104, detail: [] });
    expect(await receivePush(d, failed.query, failed.body)).toBe('success');
    expect(await status()).toBe('review');
    const noTrace = sealed({ ...event('t-3'), trace_id: { $ne: 1 } });
    expect(await receivePush(d, noTrace.query, noTrace.body)).toBe('success');
  });
});
