// STS federation tokens through Tencent's own SDK, against a fake STS API on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSts, startFakeSts } from '../../../test/support/fake-sts.js';
import { SettableClock } from '../../platform/clock.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import { StsClient, uploadPolicy } from './sts.js';
import { createFederationClient } from './sts-sdk.js';

let sts: FakeSts;
beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts.close());

const scope = {
  bucket: 'album-1250000000',
  region: 'ap-guangzhou',
  prefix: 'album/wx/owner/',
  contentTypes: ['image/png', 'image/jpeg'],
  maxBytes: 1000,
  durationSeconds: 1800,
};

describe('uploadPolicy', () => {
  it('allows PutObject only, under the prefix of the one bucket, of the image types and size', () => {
    expect(uploadPolicy(scope)).toEqual({
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['name/cos:PutObject'],
          resource: ['qcs::cos:ap-guangzhou:uid/1250000000:album-1250000000/album/wx/owner/*'],
          condition: {
            string_equal: {
              'cos:content-type': ['image/png', 'image/jpeg'],
              'cos:x-cos-forbid-overwrite': 'true',
            },
            numeric_less_than_equal: { 'cos:content-length': 1000 },
          },
        },
      ],
    });
  });
});

describe('StsClient', () => {
  it('asks GetFederationToken with the policy and answers the credentials', async () => {
    const clock = new SettableClock();
    clock.set(() => 1_800_000_000_000);
    const client = new StsClient(
      { secretId: 'AKIDperm', secretKey: 'perm-key' },
      'ap-guangzhou',
      sts.url,
      clock,
    );
    const credentials = await client.federationToken(scope);
    expect(credentials).toEqual({
      tmpSecretId: 'AKIDtmp',
      tmpSecretKey: 'tmp-key',
      sessionToken: 'tmp-token',
      startTime: 1_800_000_000,
      expiredTime: 1900000000,
    });
    const call = sts.calls.at(-1)!;
    expect(call.action).toBe('GetFederationToken');
    expect(JSON.parse(decodeURIComponent(String(call.body.Policy)))).toEqual(uploadPolicy(scope));
  });

  it('is ERR_SERVICE_UNAVAILABLE when STS refuses', async () => {
    sts.fail = true;
    try {
      const client = new StsClient(
        { secretId: 'AKIDperm', secretKey: 'perm-key' },
        'ap-guangzhou',
        sts.url,
        new SettableClock(),
      );
      await expect(client.federationToken(scope)).rejects.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      sts.fail = false;
    }
  });

  it('the SDK wrapper talks to the configured endpoint', async () => {
    const before = sts.calls.length;
    const answer = await createFederationClient(
      'AKIDperm',
      'perm-key',
      'ap-guangzhou',
      sts.url,
    ).getFederationToken({
      Name: 'n',
      Policy: 'p',
      DurationSeconds: 900,
    });
    expect(answer.Credentials?.Token).toBe('tmp-token');
    expect(sts.calls.length).toBe(before + 1);
  });
});
