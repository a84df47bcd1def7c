// Embedded VideoStore for local runs: the same contract as MongoDB, kept in this process.
import { isAfter, newestFirst, type Position } from '../position.js';
import { setOf, type Video, type VideoPatch, type VideoStore } from './store.js';

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

  async add(video: Video): Promise<boolean> {
    if (this.videos.has(video.id)) return false;
    this.videos.set(video.id, structuredClone(video));
    return true;
  }

  async update(id: string, patch: VideoPatch): Promise<{ before: Video; after: Video } | null> {
    const video = this.videos.get(id);
    if (!video) return null;
    const before = structuredClone(video);
    Object.assign(video, setOf(patch));
    return { before, after: structuredClone(video) };
  }

  async remove(id: string): Promise<Video | null> {
    const video = this.videos.get(id);
    if (!video) return null;
    this.videos.delete(id);
    return video;
  }
}
