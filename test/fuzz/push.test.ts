// The push receiver against what an attacker replays and crafts, through the wx-push function on
// real Redis and FerretDB: pushes signed outside the window (any offset past 5 minutes), a captured
// push delivered again any number of times, XML with a document type, entities or noise. Stale and
// crafted ones are refused (403) and change nothing; a replay is acknowledged and changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as push from '../../functions/wx-push/index.js';
import { getApp } from '../../lib/app/container.js';
import { pushSignature } from '../../lib/integrations/wechat/push-crypto.js';
import { functionUrlEvent } from '../support/events.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { configure, wechatEnv } from '../support/runtime.js';
import { signedPush, toWechatXml } from '../support/wechat-push.js';

const token = 'fuzzPushToken1';
let wx: FakeWechat;
let ip = 0;

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), WX_PUSH_TOKEN: token });
});
afterAll(async () => {
  await configure({ WX_PUSH_TOKEN: undefined });
  await wx.close();
});

/** Each case from a source of its own, so the refusal limit (30 a minute per source) stays out of it. */
async function send(query: Record<string, string>, body: string) {
  const event = functionUrlEvent({
    method: 'POST',
    path: '/wx/push',
    query,
    body,
    sourceIp: `198.18.${ip >> 8}.${ip++ & 255}`,
  });
  const res = await push.main_handler(event, { request_id: `fuzz-${ip}` });
  return { status: res.statusCode, text: res.body };
}

const verdict = (trace: string, suggest: string) => ({
  ToUserName: 'gh_1',
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid: '',
  trace_id: trace,
  result: { suggest, label: 100 },
});

/** A traced album image whose status a push could change. */
async function tracedImage(trace: string) {
  const { images } = getApp().moderation;
  const id = `${trace}.png`;
  await images.add({
    id,
    key: `album/${wx.appId}/fuzz/${id}`,
    appId: wx.appId,
    openId: 'o',
    status: 'pending',
    createdAt: new Date(),
  });
  await images.setTrace(wx.appId, id, trace, new Date());
  return async () => (await images.get(wx.appId, id))?.status;
}

describe('/wx/push, replayed and crafted', () => {
  it('refuses every push signed more than 5 minutes from now, either way', async () => {
    const status = await tracedImage('fuzz-stale');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 301, max: 10 * 365 * 86_400 }),
        fc.boolean(),
        fc.constantFrom('json', 'xml'),
        async (offset, future, format) => {
          const timestamp = String(Math.floor(Date.now() / 1000) + (future ? offset + 5 : -offset - 5));
          const nonce = String(offset);
          const message = { ...verdict('fuzz-stale', 'risky'), appid: wx.appId };
          const body = format === 'xml' ? toWechatXml(message) : JSON.stringify(message);
          const res = await send(
            { timestamp, nonce, signature: pushSignature(token, timestamp, nonce) },
            body,
          );
          expect(res.status).toBe(403);
        },
      ),
      { numRuns: 60 },
    );
    expect(await status()).toBe('pending');
  });

  it('handles a captured push once, however often and in whichever format it is delivered again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom<'json' | 'xml'>('json', 'xml'),
        async (times, format) => {
          const trace = `fuzz-replay-${ip}`;
          const status = await tracedImage(trace);
          const captured = signedPush(
            { ...verdict(trace, 'review'), appid: wx.appId },
            { token, appId: wx.appId, format },
          );
          const body = typeof captured.body === 'string' ? captured.body : JSON.stringify(captured.body);
          expect(await send(captured.query, body)).toEqual({ status: 200, text: 'success' });
          expect(await status()).toBe('review');
          // A moderator approves it; every replay after that is acknowledged and changes nothing.
          await getApp().moderation.images.setStatus(
            wx.appId,
            `${trace}.png`,
            ['review'],
            'visible',
            new Date(),
          );
          for (let i = 0; i < times; i++)
            expect(await send(captured.query, body)).toEqual({ status: 200, text: 'success' });
          expect(await status()).toBe('visible');
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses XML with a document type, entities or noise, and reads no entity', async () => {
    const status = await tracedImage('fuzz-xml');
    const event = toWechatXml({ ...verdict('fuzz-xml', 'risky'), appid: wx.appId });
    const hostile = fc.oneof(
      fc
        .string()
        .map(
          (s) =>
            `<!DOCTYPE xml [<!ENTITY e "${s.replace(/"/g, '')}">]>${event.replace('<xml>', '<xml><x>&e;</x>')}`,
        ),
      fc.constant(`<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${event}`),
      fc.constant(`<?xml version="1.0"?><!doctype xml>${event}`),
      fc
        .string()
        .filter((s) => !s.includes('</xml>'))
        .map((s) => `<xml>${s}`),
      fc.string({ unit: 'grapheme' }).map((s) => `<${s}`),
      fc.integer({ min: 33, max: 5000 }).map((n) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = String(ip);
        const res = await send({ timestamp, nonce, signature: pushSignature(token, timestamp, nonce) }, body);
        expect([403, 413]).toContain(res.status);
      }),
      { numRuns: 120 },
    );
    expect(await status()).toBe('pending');
  });
});
