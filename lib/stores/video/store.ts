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
  /** Inserts the videos that are not there yet (by id); returns how many it inserted. */
  seed(videos: readonly Video[]): Promise<number>;
  list(options: { limit: number; after?: Position | undefined }): Promise<Video[]>;
  exists(id: string): Promise<boolean>;
}
