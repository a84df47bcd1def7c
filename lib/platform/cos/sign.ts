// COS's signatures. Request signature (XML API, "q-sign-*"): HMAC-SHA1 over
// "method\npath\nparams\nheaders\n" with a key derived from the key time. POST Object policy
// signature: HMAC-SHA1 over sha1(policy text). SignKey is used as hex *text*, as COS does.
import { createHash, createHmac } from 'node:crypto';

export interface CosKeys {
  secretId: string;
  secretKey: string;
  /** Set for temporary keys (STS or an SCF run role); sent as x-cos-security-token. */
  sessionToken?: string | undefined;
}

/** encodeURIComponent plus !'()* and uppercase hex, as COS's UrlEncode. */
export function cosEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha1Hex = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');
const hmacSha1Hex = (key: string, text: string) => createHmac('sha1', key).update(text, 'utf8').digest('hex');

export const keyTime = (startSeconds: number, endSeconds: number) => `${startSeconds};${endSeconds}`;
export const signKey = (secretKey: string, time: string) => hmacSha1Hex(secretKey, time);

function canonical(pairs: Record<string, string>): { list: string; text: string } {
  const entries = Object.entries(pairs)
    .map(([k, v]) => [cosEncode(k).toLowerCase(), cosEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { list: entries.map(([k]) => k).join(';'), text: entries.map(([k, v]) => `${k}=${v}`).join('&') };
}

export interface RequestToSign {
  method: string;
  /** The decoded path, e.g. "/album/a b.png". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** The `q-*` authorization of a request, for an Authorization header or a presigned URL's query. */
export function signRequest(
  req: RequestToSign,
  keys: CosKeys,
  startSeconds: number,
  endSeconds: number,
): string {
  const time = keyTime(startSeconds, endSeconds);
  const params = canonical(req.query);
  const headers = canonical(req.headers);
  const httpString = `${req.method.toLowerCase()}\n${req.path}\n${params.text}\n${headers.text}\n`;
  const stringToSign = `sha1\n${time}\n${sha1Hex(httpString)}\n`;
  return [
    'q-sign-algorithm=sha1',
    `q-ak=${keys.secretId}`,
    `q-sign-time=${time}`,
    `q-key-time=${time}`,
    `q-header-list=${headers.list}`,
    `q-url-param-list=${params.list}`,
    `q-signature=${hmacSha1Hex(signKey(keys.secretKey, time), stringToSign)}`,
  ].join('&');
}

/** The signature of a POST Object policy: HMAC-SHA1(SignKey, SHA1(policy text)). */
export function signPolicy(policyText: string, secretKey: string, time: string): string {
  return hmacSha1Hex(signKey(secretKey, time), sha1Hex(policyText));
}

export { sha1Hex };
