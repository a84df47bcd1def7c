// Our message-push crypto against wechat-crypto (node-webot's WXBizMsgCrypt), which seals and signs
// as WeChat's own sample code does: what it seals we open, what it signs we accept, and no tampered,
// truncated or foreign seal opens to what was sealed or throws.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WXBizMsgCrypt from 'wechat-crypto';
import { isSignedBy, openPush, pushSignature } from './push-crypto.js';

const token = 'pushToken42';
const encodingAESKey = randomBytes(32).toString('base64').slice(0, 43);
const key = Buffer.from(`${encodingAESKey}=`, 'base64');
const appId = 'wx0123456789abcdef';
const outside = new WXBizMsgCrypt(token, encodingAESKey, appId);

describe('message push crypto', () => {
  it('opens what WXBizMsgCrypt seals, any length, with the appid it was sealed for', () => {
    for (const message of ['', 'x', '{"Event":"wxa_media_check","中":"文"}', 'y'.repeat(4000)]) {
      expect(openPush(key, outside.encrypt(message))).toEqual({ message, appId });
    }
  });

  it('signs as WXBizMsgCrypt does, and checks in constant time whatever is sent', () => {
    const encrypted = outside.encrypt('{}');
    const signature = outside.getSignature('1700000000', 'nonce1', encrypted);
    expect(pushSignature(token, '1700000000', 'nonce1', encrypted)).toBe(signature);
    expect(isSignedBy(token, signature, '1700000000', 'nonce1', encrypted)).toBe(true);
    expect(isSignedBy(token, signature.toUpperCase(), '1700000000', 'nonce1', encrypted)).toBe(true);
    expect(isSignedBy(token, signature, '1700000001', 'nonce1', encrypted)).toBe(false);
    expect(isSignedBy('otherToken', signature, '1700000000', 'nonce1', encrypted)).toBe(false);
    for (const bad of [undefined, '', 'zz', signature.slice(1), `${signature}0`, 'g'.repeat(40)])
      expect(isSignedBy(token, bad, '1700000000', 'nonce1', encrypted)).toBe(false);
  });

  it('never opens a tampered seal to what was sealed, and never throws on one', () => {
    // AES-CBC carries no integrity: a tampered seal can still open (to garbage, when its padding
    // happens to look valid). The msg_signature over the Encrypt field refuses it before it is opened
    // (see push.test.ts); what is promised here is that no single-byte change anywhere yields the
    // message and appid that were sealed, and that nothing throws.
    const sealed = outside.encrypt('{"a":1}');
    const bytes = Buffer.from(sealed, 'base64');
    for (let at = 0; at < bytes.length; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const tampered = Buffer.from(bytes);
        tampered[at]! ^= mask;
        const opened = openPush(key, tampered.toString('base64'));
        expect(opened).not.toEqual({ message: '{"a":1}', appId });
      }
    }
  });

  it('refuses a seal under another key, truncated or not base64, without throwing', () => {
    const sealed = outside.encrypt('{"a":1}');
    expect(openPush(randomBytes(32), sealed)?.appId).not.toBe(appId);
    expect(openPush(randomBytes(16), sealed)).toBeNull();
    const bytes = Buffer.from(sealed, 'base64');
    for (const bad of [
      bytes.subarray(0, bytes.length - 1).toString('base64'),
      bytes.subarray(0, 8).toString('base64'),
      bytes.toString('base64').slice(0, 10),
      '',
      'not base64!',
      '====',
    ])
      expect(openPush(key, bad)).toBeNull();
  });
});
