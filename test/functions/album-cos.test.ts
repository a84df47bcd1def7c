// With COS configured: STS credentials through a fake STS server (the policy names only the
// caller's prefix and upload actions), and signing with an SCF run role's temporary keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as album from '../../functions/album-sign-upload/index.js';
import { albumPrefix } from '../../lib/features/album/owner.js';
import { type FakeSts, startFakeSts } from '../support/fake-sts.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
let sts: FakeSts;

beforeAll(async () => {
  [wx, sts] = await Promise.all([startFakeWechat(), startFakeSts()]);
});
afterAll(async () => {
  await configure({
    COS_BUCKET: undefined,
    COS_REGION: undefined,
    COS_SECRET_ID: undefined,
    COS_SECRET_KEY: undefined,
    STS_ENDPOINT: undefined,
    TENCENTCLOUD_SECRETID: undefined,
    TENCENTCLOUD_SECRETKEY: undefined,
    TENCENTCLOUD_SESSIONTOKEN: undefined,
  });
  await Promise.all([wx.close(), sts.close()]);
});

const cos = { COS_BUCKET: 'album-1250000000', COS_REGION: 'ap-guangzhou' };

describe('POST /album/credentials', () => {
  it('asks STS for upload-only credentials under the caller prefix, for at most 30 minutes', async () => {
    await configure({
      ...wechatEnv(wx),
      ...cos,
      COS_SECRET_ID: 'AKIDpermanent',
      COS_SECRET_KEY: 'permanent-key',
      STS_ENDPOINT: sts.url,
    });
    const s = await loginAs('sts-user');
    const res = await invoke(album, { method: 'POST', path: '/album/credentials', headers: s.headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const prefix = albumPrefix(wx.appId, wx.openIdFor('sts-user'));
    expect(res.body.data).toEqual({
      tmpSecretId: 'AKIDtmp',
      tmpSecretKey: 'tmp-key',
      sessionToken: 'tmp-token',
      startTime: expect.any(Number),
      expiredTime: 1900000000,
      bucket: 'album-1250000000',
      region: 'ap-guangzhou',
      allowPrefix: prefix,
    });

    const call = sts.calls.at(-1)!;
    expect(call.action).toBe('GetFederationToken');
    expect(call.body.DurationSeconds).toBeLessThanOrEqual(1800);
    const policy = JSON.parse(decodeURIComponent(String(call.body.Policy)));
    expect(policy.statement).toEqual([
      {
        effect: 'allow',
        action: ['name/cos:PutObject'],
        resource: [`qcs::cos:ap-guangzhou:uid/1250000000:album-1250000000/${prefix}*`],
        condition: {
          string_equal: {
            'cos:content-type': ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
            'cos:x-cos-forbid-overwrite': 'true',
          },
          numeric_less_than_equal: { 'cos:content-length': 10 * 1024 * 1024 },
        },
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('permanent-key');
  });

  it('limits credentials per user like signed uploads: 60 a minute, then 429 with no STS call', async () => {
    const s = await loginAs('sts-burst');
    const before = sts.calls.length;
    const answers = await Promise.all(
      Array.from({ length: 61 }, () =>
        invoke(album, { method: 'POST', path: '/album/credentials', headers: s.headers }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(60);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(1);
    expect(sts.calls.length - before).toBe(60);
  });

  it('answers 503 when STS fails', async () => {
    sts.fail = true;
    try {
      const s = await loginAs('sts-user-2');
      const res = await invoke(album, { method: 'POST', path: '/album/credentials', headers: s.headers });
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('ERR_SERVICE_UNAVAILABLE');
    } finally {
      sts.fail = false;
    }
  });
});

describe('signing with an SCF run role', () => {
  it('uses TENCENTCLOUD_* keys and sends the token as x-cos-security-token', async () => {
    await configure({
      ...wechatEnv(wx),
      ...cos,
      COS_SECRET_ID: undefined,
      COS_SECRET_KEY: undefined,
      TENCENTCLOUD_SECRETID: 'AKIDrunrole',
      TENCENTCLOUD_SECRETKEY: 'run-role-key',
      TENCENTCLOUD_SESSIONTOKEN: 'run-role-token',
    });
    const s = await loginAs('run-role-user');
    const res = await invoke(album, {
      method: 'POST',
      path: '/album/uploads',
      headers: s.headers,
      body: { contentType: 'image/png', size: 10 },
    });
    expect(res.status).toBe(201);
    const { post, put } = res.body.data;
    expect(post.url).toBe('https://album-1250000000.cos.ap-guangzhou.myqcloud.com/');
    expect(post.fields).toMatchObject({ 'q-ak': 'AKIDrunrole', 'x-cos-security-token': 'run-role-token' });
    const policy = JSON.parse(Buffer.from(post.fields.policy, 'base64').toString());
    expect(policy.conditions).toContainEqual({ 'x-cos-security-token': 'run-role-token' });
    expect(new URL(put.url).searchParams.get('x-cos-security-token')).toBe('run-role-token');
    expect(new URL(put.url).searchParams.get('q-header-list')).toBe(
      'content-length;content-type;host;x-cos-forbid-overwrite',
    );
    expect(JSON.stringify(res.body)).not.toContain('run-role-key');
    // STS needs permanent keys, so it is not offered with a run role.
    expect(
      (await invoke(album, { method: 'POST', path: '/album/credentials', headers: s.headers })).status,
    ).toBe(503);
  });
});
