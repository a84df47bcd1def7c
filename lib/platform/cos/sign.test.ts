// Known answers from COS's documentation: the request-signature page (upload and download
// examples) and the POST Object page (policy signature).
import { describe, expect, it } from 'vitest';
import { sha1Hex, signKey, signPolicy, signRequest } from './sign.js';

const keys = {
  secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q',
  secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz',
};
const host = 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com';

describe('request signature', () => {
  it('signs the documented upload: PUT /exampleobject(腾讯云)', () => {
    const auth = signRequest(
      {
        method: 'PUT',
        path: '/exampleobject(腾讯云)',
        query: {},
        headers: {
          Date: 'Thu, 16 May 2019 06:45:51 GMT',
          Host: host,
          'Content-Type': 'text/plain',
          'Content-Length': '13',
          'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
          'x-cos-acl': 'private',
          'x-cos-grant-read': 'uin="100000000011"',
        },
      },
      keys,
      1557989151,
      1557996351,
    );
    expect(signKey(keys.secretKey, '1557989151;1557996351')).toBe('eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    expect(auth).toBe(
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351' +
        '&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read' +
        '&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
    );
  });

  it('signs the documented download with response-* parameters', () => {
    const auth = signRequest(
      {
        method: 'GET',
        path: '/exampleobject(腾讯云)',
        query: {
          'response-content-type': 'application/octet-stream',
          'response-cache-control': 'max-age=600',
        },
        headers: { Date: 'Thu, 16 May 2019 06:55:53 GMT', Host: host },
      },
      keys,
      1557989753,
      1557996953,
    );
    expect(auth).toContain(
      '&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type&',
    );
    expect(auth).toMatch(/&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012$/);
  });
});

describe('POST Object policy signature', () => {
  // The documented policy, byte for byte (it is the base64 `policy` form field of the example).
  const policyText = Buffer.from(
    'ewogICAgImV4cGlyYXRpb24iOiAiMjAxOS0wOC0zMFQwOTozODoxMi40MTRaIiwKICAgICJjb25kaXRpb25zIjogWwogICAgICAgIHsgImFjbCI6ICJkZWZhdWx0IiB9LAogICAgICAgIHsgImJ1Y2tldCI6ICJleGFtcGxlYnVja2V0LTEyNTAwMDAwMDAiIH0sCiAgICAgICAgWyAic3RhcnRzLXdpdGgiLCAiJGtleSIsICJmb2xkZXIvc3ViZm9sZGVyLyIgXSwKICAgICAgICBbICJzdGFydHMtd2l0aCIsICIkQ29udGVudC1UeXBlIiwgImltYWdlLyIgXSwKICAgICAgICBbICJzdGFydHMtd2l0aCIsICIkc3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiLCAiaHR0cHM6Ly9teS53ZWJzaXRlLyIgXSwKICAgICAgICBbICJlcSIsICIkeC1jb3Mtc2VydmVyLXNpZGUtZW5jcnlwdGlvbiIsICJBRVMyNTYiIF0sCiAgICAgICAgeyAicS1zaWduLWFsZ29yaXRobSI6ICJzaGExIiB9LAogICAgICAgIHsgInEtYWsiOiAiQUtJRFFqejNsdG9tcFZqQm5pNUxpdGtXSEZsRnB3a245VTVxIiB9LAogICAgICAgIHsgInEtc2lnbi10aW1lIjogIjE1NjcxNTA2OTI7MTU2NzE1Nzg5MiIgfQogICAgXQp9',
    'base64',
  ).toString('utf8');

  it('is the 4-space-indented JSON of the doc', () => {
    expect(policyText.startsWith('{\n    "expiration": "2019-08-30T09:38:12.414Z",')).toBe(true);
  });

  it('gives the documented SignKey, StringToSign and Signature', () => {
    const time = '1567150692;1567157892';
    expect(signKey(keys.secretKey, time)).toBe('39acc8c9f34ba5b19bce4e965b370cd3f62d2fba');
    expect(sha1Hex(policyText)).toBe('d5d903b8360468bc81c1311f134989bc8c8b5b89');
    expect(signPolicy(policyText, keys.secretKey, time)).toBe('7758dc9a832e9d301dca704cacbf9d9f8172fdef');
  });
});
