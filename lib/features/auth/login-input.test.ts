import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../platform/errors.js';
import { requestWith } from '../../platform/http/testing.js';
import { loginBody, readLoginInput } from './login-input.js';

const request = (headers: Record<string, string> = {}) => requestWith(headers, 'POST', '/login');

describe('readLoginInput', () => {
  it('takes the body, with its wafer-era aliases, over the X-WX-* headers', () => {
    const body = loginBody.parse({ code: 'body', app_id: 'wxa', encrypt_data: 'e', iv: 'i' });
    expect(readLoginInput(request({ 'x-wx-code': 'header' }), body)).toMatchObject({
      code: 'body',
      appId: 'wxa',
      encryptedData: 'e',
      iv: 'i',
    });
  });

  it('reads the old wafer headers, rawData URI-decoded', () => {
    const input = readLoginInput(
      request({
        'x-wx-code': 'c',
        'x-wx-rawdata': encodeURIComponent('{"nickName":"名"}'),
        'x-wx-signature': 's',
      }),
      undefined,
    );
    expect(input).toMatchObject({ code: 'c', rawData: '{"nickName":"名"}', signature: 's' });
  });

  it.each([
    ['no code', request(), undefined],
    ['encryptedData without iv', request({ 'x-wx-code': 'c', 'x-wx-encrypted-data': 'e' }), undefined],
    [
      'bad URI encoding',
      request({ 'x-wx-code': 'c', 'x-wx-rawdata': '%E0%A4%A', 'x-wx-signature': 's' }),
      undefined,
    ],
    ['a huge header', request({ 'x-wx-code': 'c'.repeat(70_000) }), undefined],
  ])('refuses %s', (_, req, body) => {
    expect(() => readLoginInput(req, body)).toThrow(InvalidInputError);
  });
});
