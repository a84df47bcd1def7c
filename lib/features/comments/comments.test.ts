// Videos and comments on the embedded stores; moderation is a stand-in answering a fixed verdict
// (the real msg_sec_check client has its own tests).
import { describe, expect, it } from 'vitest';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import type { Verdict } from '../../integrations/wechat/content-check.js';
import { SettableClock } from '../../platform/clock.js';
import { ContentRejectedError, NotFoundError, RateLimitedError } from '../../platform/errors.js';
import { MemoryCommentStore } from '../../stores/comment/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import { memoryRateLimiter } from '../../stores/rate-limit/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import { MemoryVideoStore } from '../../stores/video/memory.js';
import type { AuthContext } from '../auth/sessions.js';
import { type CommentDeps, commentBody, deleteComment, listComments, postComment } from './comments.js';
import { sampleCatalogue } from './sample-catalogue.js';
import { listVideos } from './videos.js';

const user = (openId: string) =>
  ({ appId: 'wx', openId, uuid: 'u', user: { openId }, expiresAt: new Date() }) as AuthContext;

async function deps(verdict: Verdict = 'pass'): Promise<CommentDeps> {
  const clock = new SettableClock();
  let t = Date.UTC(2026, 0, 1);
  clock.set(() => t++);
  const videos = new MemoryVideoStore();
  await videos.seed(sampleCatalogue());
  const users = new MemoryUserStore();
  await users.upsertOnLogin({ appId: 'wx', openId: 'ann', profile: { nickName: '安' }, now: new Date() });
  return {
    videos,
    comments: new MemoryCommentStore(),
    users,
    commentLimiter: memoryRateLimiter({ name: `c${Math.random()}`, points: 3, durationSeconds: 60 }),
    contentCheck: { check: async () => verdict },
    avatars: { images: new MemoryImageStore(), objects: scratchBucket().objects, clock },
    apps: { apps: new Map([['wx', { appId: 'wx', secret: 's', loginDurationMs: 1, sessionDurationMs: 1 }]]) },
    clock,
  };
}

const vid = sampleCatalogue()[0]!.id;

describe('comments', () => {
  it('posts with the author from the user store, lists newest first, marks the caller’s own', async () => {
    const d = await deps();
    const posted = await postComment(d, vid, user('ann'), '好看 👍');
    expect(posted).toMatchObject({
      content: '好看 👍',
      status: 'visible',
      mine: true,
      author: { nickName: '安' },
    });
    await postComment(d, vid, user('bob'), 'second');
    const page = await listComments(d, vid, user('ann'), { limit: 20 });
    expect(page.items.map((c) => [c.content, c.mine])).toEqual([
      ['second', false],
      ['好看 👍', true],
    ]);
    expect(page.items[0]?.author).toEqual({ nickName: '微信用户', avatarUrl: '' });
  });

  it('shows a comment under review only to its author and refuses a risky one', async () => {
    const review = await deps('review');
    await postComment(review, vid, user('ann'), 'hmm');
    expect((await listComments(review, vid, user('ann'), { limit: 20 })).items).toHaveLength(1);
    expect((await listComments(review, vid, undefined, { limit: 20 })).items).toHaveLength(0);
    const risky = await deps('risky');
    await expect(postComment(risky, vid, user('ann'), 'bad')).rejects.toBeInstanceOf(ContentRejectedError);
    expect((await listComments(risky, vid, user('ann'), { limit: 20 })).items).toHaveLength(0);
  });

  it('deletes only the author’s own, 404s an unknown video, and limits posts per user', async () => {
    const d = await deps();
    const c = await postComment(d, vid, user('ann'), 'mine');
    await expect(deleteComment(d, vid, c.id, user('bob'))).rejects.toBeInstanceOf(NotFoundError);
    await deleteComment(d, vid, c.id, user('ann'));
    await expect(listComments(d, 'no-such-video', undefined, { limit: 5 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await postComment(d, vid, user('ann'), '2');
    await postComment(d, vid, user('ann'), '3');
    await expect(postComment(d, vid, user('ann'), '4')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('trims content and refuses empty, long or control-character text', () => {
    expect(commentBody.parse({ content: '  hi\n there ' }).content).toBe('hi\n there');
    for (const content of ['   ', 'x'.repeat(501), 'a\u0000b', 'a\rb'])
      expect(commentBody.safeParse({ content }).success).toBe(false);
  });
});

describe('videos', () => {
  it('pages through the catalogue newest first', async () => {
    const d = await deps();
    const first = await listVideos(d, { limit: 2 });
    const rest = await listVideos(d, { limit: 50, cursor: first.nextCursor! });
    const ids = [...first.items, ...rest.items].map((v) => v.id);
    expect(new Set(ids).size).toBe(sampleCatalogue().length);
    expect(rest.nextCursor).toBeNull();
  });
});
