// ObjectStore: the album's bucket. COS in production, a local bucket (files under a data dir,
// served by the dev server with COS's API) locally. Uploads never pass through a function: the
// store hands out presigned POST forms and PUT URLs scoped to one key, type and size.

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  /** The version of its bytes (COS's ETag, without quotes); set by `head`. */
  etag?: string | undefined;
}

export interface ObjectPage {
  items: StoredObject[];
  /** Where the next page starts (a key), or null on the last page. */
  nextMarker: string | null;
}

export interface UploadScope {
  contentType: string;
  /** POST allows 1..maxBytes; PUT pins exactly this length. */
  size: number;
  now: Date;
  expiresAt: Date;
}

export interface PostForm {
  url: string;
  fields: Record<string, string>;
}

export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
}

export interface ObjectStore {
  presignPost(key: string, scope: UploadScope): PostForm;
  presignPut(key: string, scope: UploadScope): PresignedPut;
  downloadUrl(key: string, now: Date, expiresAt: Date): string;
  list(prefix: string, options: { marker?: string | undefined; maxKeys: number }): Promise<ObjectPage>;
  head(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}
