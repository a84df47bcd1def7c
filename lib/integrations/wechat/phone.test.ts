import { describe, expect, it } from 'vitest';
import { readPhoneInfo } from './phone.js';

describe('readPhoneInfo', () => {
  const info = { phoneNumber: '13800001234', purePhoneNumber: '13800001234', countryCode: '86' };

  it('takes a number made for this mini program', () => {
    expect(readPhoneInfo({ ...info, watermark: { appid: 'wxa' } }, 'wxa')).toEqual(info);
  });

  it("refuses another mini program's, a missing watermark, and anything that is not a number", () => {
    expect(readPhoneInfo({ ...info, watermark: { appid: 'wxb' } }, 'wxa')).toBeNull();
    expect(readPhoneInfo(info, 'wxa')).toBeNull();
    for (const pure of ['', '12', '138-0000', '1'.repeat(21), 13800001234])
      expect(
        readPhoneInfo({ ...info, purePhoneNumber: pure, watermark: { appid: 'wxa' } }, 'wxa'),
      ).toBeNull();
    expect(readPhoneInfo(null, 'wxa')).toBeNull();
    expect(readPhoneInfo('13800001234', 'wxa')).toBeNull();
  });

  it('defaults the country code to 86 when WeChat leaves it out or sends junk', () => {
    expect(
      readPhoneInfo(
        { purePhoneNumber: '13800001234', countryCode: '+x', watermark: { appid: 'wxa' } },
        'wxa',
      ),
    ).toEqual({
      ...info,
      countryCode: '86',
    });
  });

  it('keeps a number outside China: countryCode as getuserphonenumber documents it (a number) or as a string', () => {
    const hongKong = {
      phoneNumber: '+852 61234567',
      purePhoneNumber: '61234567',
      watermark: { appid: 'wxa' },
    };
    expect(readPhoneInfo({ ...hongKong, countryCode: 852 }, 'wxa')?.countryCode).toBe('852');
    expect(readPhoneInfo({ ...hongKong, countryCode: '852' }, 'wxa')?.countryCode).toBe('852');
    expect(readPhoneInfo({ ...hongKong, countryCode: 1 }, 'wxa')?.countryCode).toBe('1');
    for (const junk of [1.5, -1, 100000, Number.NaN])
      expect(readPhoneInfo({ ...hongKong, countryCode: junk }, 'wxa')?.countryCode).toBe('86');
  });
});
