// What both ObjectStores share: presigned uploads and downloads for one bucket endpoint.
import type { CosPresigner } from '../../platform/cos/presign.js';
import { FORBID_OVERWRITE } from '../../platform/cos/presign.js';
import { cosEncode } from '../../platform/cos/sign.js';
import type { ObjectPage, ObjectStore, PostForm, PresignedPut, StoredObject, UploadScope } from './store.js';

export abstract class PresigningStore implements ObjectStore {
  constructor(
    protected readonly presigner: CosPresigner,
    private readonly publicBase?: string,
  ) {}

  presignPost(key: string, { contentType, size, now, expiresAt }: UploadScope): PostForm {
    return this.presigner.postForm(key, contentType, size, now, expiresAt);
  }

  /**
   * A PUT whose signature pins host, content-type, content-length (exactly `size` bytes) and
   * `x-cos-forbid-overwrite: true`: the URL writes the key once, so bytes a verdict covers are
   * never replaced through it (COS answers 409 FileAlreadyExists).
   */
  presignPut(key: string, { contentType, size, now, expiresAt }: UploadScope): PresignedPut {
    const headers = {
      'content-type': contentType,
      'content-length': String(size),
      [FORBID_OVERWRITE]: 'true',
    };
    return {
      url: this.presigner.presignedUrl('PUT', key, headers, now, expiresAt),
      headers: { 'Content-Type': contentType, [FORBID_OVERWRITE]: 'true' },
    };
  }

  downloadUrl(key: string, now: Date, expiresAt: Date): string {
    if (this.publicBase)
      return `${this.publicBase.replace(/\/+$/, '')}/${key.split('/').map(cosEncode).join('/')}`;
    return this.presigner.presignedUrl('GET', key, {}, now, expiresAt);
  }

  abstract list(
    prefix: string,
    options: { marker?: string | undefined; maxKeys: number },
  ): Promise<ObjectPage>;
  abstract head(key: string): Promise<StoredObject | null>;
  abstract delete(key: string): Promise<void>;
}
