// The trailer catalogue, newest first, for anyone.
import type { z } from 'zod';
import type { Page, Video as VideoView } from '../../../contract/wire.js';
import { type listQuery, pageOf, positionCursor, positionOf } from '../../platform/http/pagination.js';
import type { Video, VideoStore } from '../../stores/video/store.js';
import { VIDEO_ID } from './sample-catalogue.js';

export async function listVideos(
  deps: { videos: VideoStore },
  query: z.output<typeof listQuery>,
): Promise<Page<VideoView>> {
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, VIDEO_ID);
  const found = await deps.videos.list({ limit: query.limit + 1, after });
  return pageOf(
    found,
    query.limit,
    (v: Video) => ({ ...v, createdAt: v.createdAt.toISOString() }),
    positionCursor,
  );
}
