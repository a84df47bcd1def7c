// Embedded ObjectStore for local runs: objects in the local bucket's data dir; presigned URLs point
// at the dev server's COS-compatible bucket endpoint, which verifies them.
import type { CosPresigner } from '../../platform/cos/presign.js';
import type { BucketFiles } from './files.js';
import { PresigningStore } from './presigning.js';
import type { ObjectPage, StoredObject } from './store.js';

export class LocalObjectStore extends PresigningStore {
  constructor(
    presigner: CosPresigner,
    private readonly files: BucketFiles,
  ) {
    super(presigner);
  }

  async list(
    prefix: string,
    { marker, maxKeys }: { marker?: string | undefined; maxKeys: number },
  ): Promise<ObjectPage> {
    const { items, truncated } = await this.files.list(prefix, marker ?? '', maxKeys);
    return {
      items: items.map((m) => ({ key: m.key, size: m.size, lastModified: new Date(m.lastModified) })),
      nextMarker: truncated && items.length > 0 ? items[items.length - 1]!.key : null,
    };
  }

  async head(key: string): Promise<StoredObject | null> {
    const meta = await this.files.head(key);
    return meta && { key, size: meta.size, lastModified: new Date(meta.lastModified), etag: meta.etag };
  }

  async delete(key: string): Promise<void> {
    await this.files.delete(key);
  }
}
