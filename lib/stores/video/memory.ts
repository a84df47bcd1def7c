// Embedded VideoStore for local runs: the same contract as MongoDB, kept in this process.
import { isAfter, newestFirst, type Position } from '../position.js';
import type { Video, VideoStore } from './store.js';

export class MemoryVideoStore implements VideoStore {
  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

  private readonly videos = new Map<string, Video>();

  async seed(videos: readonly Video[]): Promise<number> {
    let inserted = 0;
    for (const video of videos) {
      if (this.videos.has(video.id)) continue;
      this.videos.set(video.id, structuredClone(video));
      inserted++;
    }
    return inserted;
  }

  async list(options: { limit: number; after?: Position }): Promise<Video[]> {
    return [...this.videos.values()]
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((v) => structuredClone(v));
  }

  async exists(id: string): Promise<boolean> {
    return this.videos.has(id);
  }
}
