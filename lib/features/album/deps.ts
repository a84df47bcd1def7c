// What the album's use cases need; each takes only the part it uses.
import type { StsClient } from '../../integrations/cos/sts.js';
import type { Clock } from '../../platform/clock.js';
import type { ObjectStore } from '../../stores/object/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';

export interface AlbumDeps {
  objects: ObjectStore;
  uploadLimiter: RateLimiter;
  clock: Clock;
  /** The largest image a client may sign for. */
  maxBytes: number;
  /** STS for cos-wx-sdk-v5: only with permanent COS keys. */
  sts: { client: StsClient; bucket: string; region: string } | undefined;
}
