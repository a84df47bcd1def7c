// VideoStore: the trailer catalogue (collection `videos`), seeded from data/videos.json.
import type { Position } from '../position.js';

export interface Video {
  id: string;
  title: string;
  coverUrl: string;
  videoUrl: string;
  createdAt: Date;
}

export interface VideoStore {
  /** Gets the store ready now (MongoDB: loads the driver, connects, creates the indexes): for npm
   * run migrate, and for a route's warm-up while the session is checked. */
  ensureIndexes(): Promise<void>;
  /** Inserts the videos that are not there yet (by id); returns how many it inserted. */
  seed(videos: readonly Video[]): Promise<number>;
  list(options: { limit: number; after?: Position | undefined }): Promise<Video[]>;
  exists(id: string): Promise<boolean>;
}
