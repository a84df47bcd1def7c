// What the album's use cases need; each takes only the part it uses.
import type { StsClient } from '../../integrations/cos/sts.js';
import type { Clock } from '../../platform/clock.js';
import type { AlbumOwnerStore } from '../../stores/album-owner/store.js';
import type { ImageStore } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';

export interface AlbumDeps {
  objects: ObjectStore;
  /** Moderation's record of each image: lists show its status. */
  images: ImageStore;
  /** Uploads and STS grants record whose album prefix it is, for moderation. */
  owners: AlbumOwnerStore;
  uploadLimiter: RateLimiter;
  clock: Clock;
  /** The largest image a client may sign for. */
  maxBytes: number;
  /** STS for cos-wx-sdk-v5: only with permanent COS keys. */
  sts: { client: StsClient; bucket: string; region: string } | undefined;
}
