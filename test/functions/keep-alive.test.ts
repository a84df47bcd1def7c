// A warm container reuses its connection to WeChat (issue 26's P5 as a property, not a speed):
// the built login and comments functions, each a Node.js 18.15 process in SCF's layout, reach a
// fake WeChat over HTTPS (its certificate trusted through NODE_EXTRA_CA_CERTS) and make 50 calls
// on one TLS connection (and album-sign-upload its 50 STS calls); after a freeze during which WeChat closed the idle connection, the next
// call costs one new handshake and never an error.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { functionUrlEvent } from '../support/events.js';
import { startFakeSts } from '../support/fake-sts.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { configure } from '../support/runtime.js';
import { type FunctionProcess, type Reply, scfLayout, startWarmFunction } from '../support/scf-container.js';
import { startTlsFront, type TlsFront } from '../support/tls-front.js';

let wx: FakeWechat;
let front: TlsFront;
let layout: string;
const running: FunctionProcess[] = [];

beforeAll(async () => {
  wx = await startFakeWechat();
  front = await startTlsFront(wx.url);
  await configure({ WX_APPID: wx.appId, WX_SECRET: wx.secret, WX_API_BASE: wx.url });
  await getApp().videos.seed(sampleCatalogue());
  layout = scfLayout(['login', 'comments', 'album-sign-upload']);
});
afterAll(async () => {
  for (const fn of running) fn.close();
  await front.close();
  await wx.close();
  rmSync(layout, { recursive: true, force: true });
});

function container(name: string, extra: Record<string, string> = {}): FunctionProcess {
  const pick = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_KEY_PREFIX', 'MONGO_URL', 'MONGO_DB'];
  const env = Object.fromEntries(pick.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const fn = startWarmFunction(layout, name, {
    ...env,
    WX_APPID: wx.appId,
    WX_SECRET: wx.secret,
    WX_API_BASE: front.url,
    NODE_EXTRA_CA_CERTS: front.caFile,
    WX_CONTENT_CHECK: 'on',
    LOGIN_RATE_LIMIT: '10000',
    ...extra,
  });
  running.push(fn);
  return fn;
}

const call = async (fn: FunctionProcess, spec: Parameters<typeof functionUrlEvent>[0]) => {
  const reply = (await fn.invoke(functionUrlEvent(spec))) as Reply;
  return { status: reply.statusCode, body: JSON.parse(reply.body) };
};

describe('connections to WeChat from a warm container (Node.js 18.15, HTTPS)', () => {
  it('50 logins in a row open one TLS connection; a connection WeChat closed during a freeze costs one handshake, no error', async () => {
    const login = container('login');
    const before = front.handshakes;
    for (let i = 0; i < 50; i++) {
      const res = await call(login, { method: 'POST', path: '/login', body: { code: `keep-${i}` } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect(wx.calls).toBeGreaterThanOrEqual(50);
    expect(front.handshakes - before).toBeLessThanOrEqual(2);
    expect(front.handshakes - before).toBeGreaterThanOrEqual(1);

    const frozenAt = front.handshakes;
    front.dropConnections();
    const res = await call(login, { method: 'POST', path: '/login', body: { code: 'after-freeze' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(front.handshakes - frozenAt).toBe(1);
  });

  it('50 comment posts (msg_sec_check, and the access token) open one TLS connection', async () => {
    const login = container('login');
    const comments = container('comments');
    const sessions = [];
    for (let u = 0; u < 5; u++) {
      const { body } = await call(login, { method: 'POST', path: '/login', body: { code: `poster-${u}` } });
      sessions.push({ 'X-WX-Id': body.data.uuid, 'X-WX-Skey': body.data.skey });
    }
    const before = front.handshakes;
    const checks = wx.checkCalls;
    for (let i = 0; i < 50; i++) {
      const res = await call(comments, {
        method: 'POST',
        path: '/videos/sintel/comments',
        headers: sessions[i % 5],
        body: { content: `第 ${i} 条` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect(wx.checkCalls - checks).toBe(50);
    expect(front.handshakes - before).toBeLessThanOrEqual(2);
  });

  it('50 STS credentials (GetFederationToken through the SDK) open one TLS connection', async () => {
    const sts = await startFakeSts();
    const stsFront = await startTlsFront(sts.url);
    try {
      const login = container('login');
      const album = container('album-sign-upload', {
        COS_BUCKET: 'album-1250000000',
        COS_REGION: 'ap-guangzhou',
        COS_SECRET_ID: 'AKIDpermanent',
        COS_SECRET_KEY: 'permanent-key',
        STS_ENDPOINT: stsFront.url,
        NODE_EXTRA_CA_CERTS: stsFront.caFile,
      });
      const { body } = await call(login, { method: 'POST', path: '/login', body: { code: 'sts-user' } });
      const headers = { 'X-WX-Id': body.data.uuid, 'X-WX-Skey': body.data.skey };
      for (let i = 0; i < 50; i++) {
        const res = await call(album, { method: 'POST', path: '/album/credentials', headers });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      expect(sts.calls).toHaveLength(50);
      expect(stsFront.handshakes).toBeLessThanOrEqual(2);
    } finally {
      await stsFront.close();
      await sts.close();
    }
  });
});
