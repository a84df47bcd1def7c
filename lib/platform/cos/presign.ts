// Presigning for one bucket endpoint: POST Object forms, PUT and GET URLs, and Authorization
// headers. Shared by the COS adapter and the local bucket, which verifies what this signs.
import { type CosKeys, cosEncode, keyTime, signPolicy, signRequest } from './sign.js';

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The header (and POST form field) with which COS refuses to write over an object that exists
 * (409 FileAlreadyExists) in a bucket whose versioning was never enabled.
 */
export const FORBID_OVERWRITE = 'x-cos-forbid-overwrite';

export class CosPresigner {
  readonly endpoint: URL;

  /** `endpoint`: the bucket's base URL, e.g. https://b-125.cos.ap-guangzhou.myqcloud.com or http://127.0.0.1:3000/_bucket */
  constructor(
    endpoint: string,
    readonly bucket: string,
    private readonly keys: () => CosKeys,
  ) {
    this.endpoint = new URL(endpoint.replace(/\/+$/, ''));
  }

  private get basePath(): string {
    return this.endpoint.pathname === '/' ? '' : this.endpoint.pathname;
  }

  /** The decoded path COS signs for a key. */
  pathOf(key: string): string {
    return `${this.basePath}/${key}`;
  }

  urlOf(key: string, query = ''): string {
    const encoded = key.split('/').map(cosEncode).join('/');
    return `${this.endpoint.origin}${this.basePath}/${encoded}${query ? `?${query}` : ''}`;
  }

  /** A COS POST Object form: exact key, exact Content-Type, 1..size bytes, never over an existing object. */
  postForm(key: string, contentType: string, size: number, now: Date, expiresAt: Date) {
    const keys = this.keys();
    const time = keyTime(seconds(now), seconds(expiresAt));
    const conditions: unknown[] = [
      { bucket: this.bucket },
      ['eq', '$key', key],
      ['eq', '$Content-Type', contentType],
      ['content-length-range', 1, size],
      { [FORBID_OVERWRITE]: 'true' },
      { success_action_status: '201' },
      { 'q-sign-algorithm': 'sha1' },
      { 'q-ak': keys.secretId },
      { 'q-sign-time': time },
      ...(keys.sessionToken ? [{ 'x-cos-security-token': keys.sessionToken }] : []),
    ];
    const policy = JSON.stringify({ expiration: expiresAt.toISOString(), conditions });
    return {
      url: `${this.endpoint.origin}${this.basePath}/`,
      fields: {
        key,
        policy: Buffer.from(policy, 'utf8').toString('base64'),
        'Content-Type': contentType,
        [FORBID_OVERWRITE]: 'true',
        success_action_status: '201',
        'q-sign-algorithm': 'sha1',
        'q-ak': keys.secretId,
        'q-key-time': time,
        'q-signature': signPolicy(policy, keys.secretKey, time),
        ...(keys.sessionToken ? { 'x-cos-security-token': keys.sessionToken } : {}),
      },
    };
  }

  /** A presigned URL whose signature pins `headers` (names lower-case) and the host. */
  presignedUrl(
    method: string,
    key: string,
    headers: Record<string, string>,
    now: Date,
    expiresAt: Date,
  ): string {
    const keys = this.keys();
    const auth = signRequest(
      { method, path: this.pathOf(key), query: {}, headers: { ...headers, host: this.endpoint.host } },
      keys,
      seconds(now),
      seconds(expiresAt),
    );
    const query = auth
      .split('&')
      .map((pair) => pair.replace(/;/g, '%3B'))
      .concat(keys.sessionToken ? [`x-cos-security-token=${cosEncode(keys.sessionToken)}`] : [])
      .join('&');
    return this.urlOf(key, query);
  }

  /** Headers for a signed API request (GetBucket, HeadObject, DeleteObject). */
  authHeaders(
    method: string,
    path: string,
    query: Record<string, string>,
    now: Date,
  ): Record<string, string> {
    const keys = this.keys();
    const start = seconds(now) - 60;
    const authorization = signRequest(
      { method, path, query, headers: { host: this.endpoint.host } },
      keys,
      start,
      start + 960,
    );
    return { authorization, ...(keys.sessionToken ? { 'x-cos-security-token': keys.sessionToken } : {}) };
  }

  get basePathForBucket(): string {
    return `${this.basePath}/`;
  }
}
