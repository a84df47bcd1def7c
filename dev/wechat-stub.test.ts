// The dev WeChat stub's documented derivation, so a locally scripted client can sign user data.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { DevWechatStub, devSessionKey } from './wechat-stub.js';

it('gives each code a session_key a local client can compute, and the same user for the same code', async () => {
  const app = { appId: 'wxdevstub0000000', secret: 'dev-stub', loginDurationMs: 1, sessionDurationMs: 1 };
  const expected = createHash('sha256')
    .update('weapp-scf-dev/session_key\u0000wxdevstub0000000\u0000abc')
    .digest()
    .subarray(0, 16)
    .toString('base64');
  const stub = new DevWechatStub();
  const first = await stub.exchangeCode(app, 'abc');
  expect(first.sessionKey).toBe(expected);
  expect(devSessionKey(app.appId, 'abc')).toBe(expected);
  expect(Buffer.from(first.sessionKey, 'base64')).toHaveLength(16);
  expect((await stub.exchangeCode(app, 'abc')).openId).toBe(first.openId);
  expect((await stub.exchangeCode(app, 'abd')).openId).not.toBe(first.openId);
});
