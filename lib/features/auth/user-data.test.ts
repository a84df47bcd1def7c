// Legacy user data: the sha1 signature and AES-128-CBC decryption, with WeChat's published example.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptFailedError, UntrustedRawDataError } from '../../platform/errors.js';
import { decryptUserData, verifyRawData } from './user-data.js';

// The example of WeChat's "开放数据校验与解密" documentation (sample code WXBizDataCrypt).
const DOC = {
  appId: 'wx4f4bc4dec97d474b',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
};

describe('decryptUserData', () => {
  it("decrypts WeChat's documented example", () => {
    const data = decryptUserData(DOC.encryptedData, DOC.iv, DOC.sessionKey, DOC.appId);
    expect(data).toMatchObject({
      openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
      nickName: 'Band',
      gender: 1,
      city: 'Guangzhou',
      watermark: { appid: DOC.appId },
    });
  });

  it('rejects another app, another key, another iv and malformed input', () => {
    const attempts: Array<[string, string, string, string]> = [
      [DOC.encryptedData, DOC.iv, DOC.sessionKey, 'wx0000000000000000'],
      [DOC.encryptedData, DOC.iv, Buffer.alloc(16, 1).toString('base64'), DOC.appId],
      [DOC.encryptedData, Buffer.alloc(16, 2).toString('base64'), DOC.sessionKey, DOC.appId],
      [DOC.encryptedData, 'short', DOC.sessionKey, DOC.appId],
      ['AAAA', DOC.iv, DOC.sessionKey, DOC.appId],
    ];
    for (const [data, iv, key, appId] of attempts) {
      expect(() => decryptUserData(data, iv, key, appId)).toThrow(DecryptFailedError);
    }
  });
});

describe('verifyRawData', () => {
  const rawData = '{"nickName":"Band","gender":1}';
  const good = createHash('sha1')
    .update(rawData + DOC.sessionKey)
    .digest('hex');

  it('accepts sha1(rawData + session_key) in either hex case', () => {
    expect(() => verifyRawData(rawData, good, DOC.sessionKey)).not.toThrow();
    expect(() => verifyRawData(rawData, good.toUpperCase(), DOC.sessionKey)).not.toThrow();
  });

  it('rejects a wrong, truncated or non-hex signature, and tampered rawData', () => {
    for (const signature of [
      good.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      good.slice(0, 39),
      'z'.repeat(40),
      '',
    ]) {
      expect(() => verifyRawData(rawData, signature, DOC.sessionKey)).toThrow(UntrustedRawDataError);
    }
    expect(() => verifyRawData(`${rawData} `, good, DOC.sessionKey)).toThrow(UntrustedRawDataError);
  });
});
