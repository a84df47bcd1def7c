// The COS ObjectStore: GetBucket, HeadObject and DeleteObject over HTTP with our own signer (no
// SDK, to keep the bundle small). Tested over HTTP against the local bucket, which speaks COS's API.
import { ServiceUnavailableError } from '../../platform/errors.js';
import { type HttpAnswer, header, httpCall, isOk } from '../../platform/http/client.js';
import { PresigningStore } from './presigning.js';
import type { ObjectPage, StoredObject } from './store.js';

const TIMEOUT_MS = 5000;
export class CosObjectStore extends PresigningStore {
  private async call(
    method: string,
    url: string,
    path: string,
    query: Record<string, string>,
  ): Promise<HttpAnswer> {
    const headers = this.presigner.authHeaders(method, path, query, new Date());
    let response: HttpAnswer;
    try {
      // A listing page of 1,000 keys is ~400 KB of XML.
      response = await httpCall(url, { method, headers, timeoutMs: TIMEOUT_MS, maxBytes: 4 * 1024 * 1024 });
    } catch (err) {
      throw new ServiceUnavailableError('COS', err);
    }
    if (response.status >= 500)
      throw new ServiceUnavailableError('COS', new Error(`COS answered ${response.status}`));
    return response;
  }

  async list(
    prefix: string,
    { marker, maxKeys }: { marker?: string | undefined; maxKeys: number },
  ): Promise<ObjectPage> {
    const query: Record<string, string> = {
      prefix,
      'max-keys': String(maxKeys),
      ...(marker ? { marker } : {}),
    };
    const path = this.presigner.basePathForBucket;
    const url = `${this.presigner.endpoint.origin}${path}?${new URLSearchParams(query)}`;
    const response = await this.call('GET', url, path, query);
    const text = response.text;
    if (!isOk(response)) throw new Error(`COS GetBucket answered ${response.status}: ${errorCode(text)}`);
    const { parseListBucket } = await import('./list-bucket-xml.js');
    const { items, truncated, nextMarker } = parseListBucket(text);
    return { items, nextMarker: truncated ? (nextMarker ?? items[items.length - 1]?.key ?? null) : null };
  }

  async head(key: string): Promise<StoredObject | null> {
    const response = await this.call('HEAD', this.presigner.urlOf(key), this.presigner.pathOf(key), {});
    if (response.status === 404) return null;
    if (!isOk(response)) throw new Error(`COS HeadObject answered ${response.status}`);
    return {
      key,
      size: Number(header(response, 'content-length') || 0),
      lastModified: new Date(header(response, 'last-modified') || 0),
      etag: header(response, 'etag').replace(/"/g, '') || undefined,
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.call('DELETE', this.presigner.urlOf(key), this.presigner.pathOf(key), {});
    if (!isOk(response)) throw new Error(`COS DeleteObject answered ${response.status}`);
  }
}

function errorCode(text: string): string {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'unknown';
}
