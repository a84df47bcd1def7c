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
  /** Adds one video; false when its id is taken. */
  add(video: Video): Promise<boolean>;
  /** Changes a video's title and URLs; before and after, or null when there is no such video. */
  update(id: string, patch: VideoPatch): Promise<{ before: Video; after: Video } | null>;
  /** Removes a video; the removed one, or null. */
  remove(id: string): Promise<Video | null>;
}

export type VideoPatch = Partial<Pick<Video, 'title' | 'coverUrl' | 'videoUrl'>>;

/** The fields a patch sets (undefined ones left out). */
export function setOf(patch: VideoPatch): VideoPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as VideoPatch;
}
