import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../platform/clock.js';
import { InvalidInputError, NotFoundError } from '../../platform/errors.js';
import { MemoryAuditStore } from '../../stores/audit/memory.js';
import { MemoryVideoStore } from '../../stores/video/memory.js';
import type { AuthContext } from '../auth/sessions.js';
import { addVideo, editVideo } from './videos.js';

const app = { appId: 'wxa', secret: 's', loginDurationMs: 1, sessionDurationMs: 1, admins: ['oadmin'] };
const deps = () => ({
  videos: new MemoryVideoStore(),
  audit: new MemoryAuditStore(),
  apps: { apps: new Map([['wxa', app]]) },
  clock: new SettableClock(),
});
const admin = { appId: 'wxa', openId: 'oadmin' } as AuthContext;
const body = { title: '预告', coverUrl: 'https://a.example/c.png', videoUrl: 'https://a.example/v.mp4' };

describe('the catalogue on the desk', () => {
  it('checks who asks before what they send', async () => {
    const d = deps();
    await expect(
      addVideo(d, { appId: 'wxa', openId: 'ouser' } as AuthContext, { nonsense: true }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(addVideo(d, admin, { nonsense: true })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('gives a new video an id when none is named, and refuses an empty edit', async () => {
    const d = deps();
    const { video } = await addVideo(d, admin, body);
    expect(video.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await d.videos.exists(video.id)).toBe(true);
    await expect(editVideo(d, admin, video.id, {})).rejects.toBeInstanceOf(InvalidInputError);
    expect((await d.audit.list('wxa', { limit: 5 })).map((e) => e.action)).toEqual(['video.add']);
  });
});
