// The COS ObjectStore: GetBucket, HeadObject and DeleteObject over HTTP with our own signer (no
// SDK, to keep the bundle small). Tested over HTTP against the local bucket, which speaks COS's API.
import { ServiceUnavailableError } from '../../platform/errors.js';
import { PresigningStore } from './presigning.js';
import type { ObjectPage, StoredObject } from './store.js';

const TIMEOUT_MS = 5000;
export class CosObjectStore extends PresigningStore {
  private async call(
    method: string,
    url: string,
    path: string,
    query: Record<string, string>,
  ): Promise<Response> {
    const headers = this.presigner.authHeaders(method, path, query, new Date());
    let response: Response;
    try {
      response = await fetch(url, { method, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
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
    const text = await response.text();
    if (!response.ok) throw new Error(`COS GetBucket answered ${response.status}: ${errorCode(text)}`);
    const { parseListBucket } = await import('./list-bucket-xml.js');
    const { items, truncated, nextMarker } = parseListBucket(text);
    return { items, nextMarker: truncated ? (nextMarker ?? items[items.length - 1]?.key ?? null) : null };
  }

  async head(key: string): Promise<StoredObject | null> {
    const response = await this.call('HEAD', this.presigner.urlOf(key), this.presigner.pathOf(key), {});
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`COS HeadObject answered ${response.status}`);
    return {
      key,
      size: Number(response.headers.get('content-length') ?? 0),
      lastModified: new Date(response.headers.get('last-modified') ?? 0),
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.call('DELETE', this.presigner.urlOf(key), this.presigner.pathOf(key), {});
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`COS DeleteObject answered ${response.status}`);
  }
}

function errorCode(text: string): string {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'unknown';
}
