// Image moderation on the embedded stores and a scratch bucket; WeChat's media_check_async is a
// stand-in that hands out traces (the real client is tested against the fake WeChat). Arrivals,
// verdicts in every order, purges, and avatars as others see them.
import { describe, expect, it } from 'vitest';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import type { MediaChecker } from '../../integrations/wechat/media-check.js';
import { SettableClock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { MemoryAlbumOwnerStore } from '../../stores/album-owner/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import { newAlbumName } from '../album/names.js';
import { albumPrefix } from '../album/owner.js';
import { shownAvatars } from './avatars.js';
import { recordEarlierImages } from './backfill.js';
import { imageArrived, type ModerationDeps, verdictArrived } from './images.js';

const app: AppConfig = { appId: 'wx', secret: 's', loginDurationMs: 1, sessionDurationMs: 1 };

function setup(
  options: {
    media?: boolean;
    receivesVerdicts?: boolean;
    beforeAnswer?: (trace: string) => Promise<void>;
  } = {},
) {
  const { files, objects } = scratchBucket();
  const submitted: Array<{ openId: string; url: string }> = [];
  let traces = 0;
  const media: MediaChecker = {
    async submit(_app, openId, url) {
      submitted.push({ openId, url });
      const trace = `trace-${++traces}`;
      await options.beforeAnswer?.(trace);
      return trace;
    },
  };
  const refreshed: string[] = [];
  const deps: ModerationDeps = {
    images: new MemoryImageStore(),
    owners: new MemoryAlbumOwnerStore(),
    objects,
    media: options.media === false ? undefined : media,
    receivesVerdicts: options.receivesVerdicts ?? true,
    users: new MemoryUserStore(),
    refreshUser: async (_appId, openId) => {
      refreshed.push(openId);
    },
    apps: { apps: new Map([['wx', app]]) },
    clock: new SettableClock(),
  };
  const upload = async (openId: string) => {
    const key = `${albumPrefix('wx', openId)}${newAlbumName('image/png', new Date())}`;
    await files.put(key, Buffer.from('png'), 'image/png');
    await deps.owners.remember('wx', key.split('/')[2]!, openId);
    return key;
  };
  return { deps, files, submitted, refreshed, upload };
}

const nameOf = (key: string) => key.split('/').pop()!;

describe('image arrivals', () => {
  it('asks WeChat once per image, with a download URL and the owner, and records the trace', async () => {
    const { deps, submitted, upload } = setup();
    const key = await upload('ann');
    expect(await imageArrived(deps, key)).toBe('pending');
    expect(await imageArrived(deps, key)).toBe('pending');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.openId).toBe('ann');
    expect(submitted[0]!.url).toContain('q-sign-algorithm=sha1');
    expect((await deps.images.get('wx', nameOf(key)))?.traceId).toBe('trace-1');
  });

  it('ignores other keys, other apps and objects gone since; leaves unknown owners to a moderator', async () => {
    const { deps, files, submitted, upload } = setup();
    const key = await upload('ann');
    expect(await imageArrived(deps, 'album/wx/readme.txt')).toBe('ignored');
    expect(await imageArrived(deps, key.replace('album/wx/', 'album/wxother/'))).toBe('ignored');
    expect(await imageArrived(deps, key.replace('.png', '.exe'))).toBe('ignored');
    const orphan = `album/wx/${'0'.repeat(32)}/${nameOf(key)}`;
    expect(await imageArrived(deps, orphan)).toBe('ignored');
    await files.put(orphan, Buffer.from('x'), 'image/png');
    expect(await imageArrived(deps, orphan)).toBe('review');
    expect(submitted).toHaveLength(0);
  });

  it('makes images visible at once where images are not checked', async () => {
    const { deps, upload } = setup({ media: false });
    expect(await imageArrived(deps, await upload('ann'))).toBe('visible');
  });

  it('asks WeChat nothing without the push receiver (its answer could not arrive): review', async () => {
    const { deps, submitted, upload } = setup({ receivesVerdicts: false });
    expect(await imageArrived(deps, await upload('ann'))).toBe('review');
    expect(submitted).toHaveLength(0);
  });
});

describe('verdicts', () => {
  it('pass -> visible, duplicates and late verdicts change nothing', async () => {
    const { deps, upload } = setup();
    const key = await upload('ann');
    await imageArrived(deps, key);
    expect(await verdictArrived(deps, 'wx', 'trace-1', 'pass')).toBe('visible');
    expect(await verdictArrived(deps, 'wx', 'trace-1', 'pass')).toBe('visible');
    expect(await verdictArrived(deps, 'wx', 'trace-1', 'risky')).toBe('visible');
    expect(await verdictArrived(deps, 'wx', 'unknown-trace', 'risky')).toBe('ignored');
    expect(await deps.objects.head(key)).not.toBeNull();
  });

  it('risky -> rejected: the object deleted, the owner’s avatar cleared, their sessions told', async () => {
    const { deps, refreshed, upload } = setup();
    const key = await upload('ann');
    await deps.users.upsertOnLogin({ appId: 'wx', openId: 'ann', now: new Date() });
    await deps.users.updateProfile('wx', 'ann', { avatarUrl: key }, new Date());
    await imageArrived(deps, key);
    expect(await verdictArrived(deps, 'wx', 'trace-1', 'risky')).toBe('rejected');
    expect(await deps.objects.head(key)).toBeNull();
    expect((await deps.users.get('wx', 'ann'))?.avatarUrl).toBeUndefined();
    expect(refreshed).toEqual(['ann']);
    expect(await verdictArrived(deps, 'wx', 'trace-1', 'risky')).toBe('rejected');
    expect(await imageArrived(deps, key)).toBe('ignored');
  });

  it('applies a verdict that arrives before its trace is recorded', async () => {
    let deps: ModerationDeps | undefined;
    const s = setup({
      beforeAnswer: async (trace) => {
        expect(await verdictArrived(deps!, 'wx', trace, 'review')).toBe('ignored');
      },
    });
    deps = s.deps;
    const key = await s.upload('bob');
    expect(await imageArrived(deps, key)).toBe('review');
    expect((await deps.images.get('wx', nameOf(key)))?.status).toBe('review');
  });
});

describe('avatars as others see them', () => {
  it('shows an album image to others only once it passed; its owner always; https as it is', async () => {
    const { deps, upload } = setup();
    const key = await upload('ann');
    await imageArrived(deps, key);
    const refs = [
      { appId: 'wx', avatarUrl: key, own: false },
      { appId: 'wx', avatarUrl: key, own: true },
      { appId: 'wx', avatarUrl: 'https://thirdwx.qlogo.cn/a.png', own: false },
      { appId: 'wx', avatarUrl: 'album/wx/not-a-key', own: false },
      { appId: 'wx', avatarUrl: '', own: false },
    ];
    const before = await shownAvatars(deps, refs);
    expect(before[0]).toBe('');
    expect(before[1]).toContain(encodeURIComponent(nameOf(key)).replace(/%2F/g, '/'));
    expect(before.slice(2)).toEqual(['https://thirdwx.qlogo.cn/a.png', '', '']);
    await verdictArrived(deps, 'wx', 'trace-1', 'review');
    expect((await shownAvatars(deps, refs))[0]).toBe('');
    await deps.images.setStatus('wx', nameOf(key), ['review'], 'visible', new Date());
    expect((await shownAvatars(deps, refs))[0]).toContain('q-signature=');
    expect((await shownAvatars(deps, [{ ...refs[0]!, appId: 'wxother' }]))[0]).toBe('');
  });

  it('shows others an outside avatar only from WeChat’s own avatar hosts; its owner sees theirs as it is', async () => {
    const { deps } = setup();
    const outside = [
      'https://tracker.example/pixel.gif',
      'https://thirdwx.qlogo.cn.evil.example/a.png',
      'https://user@wx.qlogo.cn/a.png',
      'https://wx.qlogo.cn:8443/a.png',
      'http://wx.qlogo.cn/a.png',
    ];
    const wechat = ['https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132', 'https://wx.qlogo.cn/mmhead/abc/0'];
    const others = await shownAvatars(
      deps,
      [...outside, ...wechat].map((avatarUrl) => ({ appId: 'wx', avatarUrl, own: false })),
    );
    expect(others).toEqual([...outside.map(() => ''), ...wechat]);
    const own = await shownAvatars(deps, [{ appId: 'wx', avatarUrl: outside[0]!, own: true }]);
    expect(own).toEqual([outside[0]]);
  });
});

describe('a verdict belongs to one object: its key and its bytes', () => {
  const others = (deps: ModerationDeps, key: string) =>
    shownAvatars(deps, [{ appId: 'wx', avatarUrl: key, own: false }]).then(([shown]) => shown);

  it('new bytes at an approved key are checked again: pending, hidden from others until their own verdict', async () => {
    const { deps, files, submitted, upload } = setup();
    const key = await upload('ann');
    await imageArrived(deps, key);
    await verdictArrived(deps, 'wx', 'trace-1', 'pass');
    expect(await others(deps, key)).toContain('q-signature=');
    // The same event again (SCF retries it): the same bytes, nothing to ask.
    expect(await imageArrived(deps, key)).toBe('visible');
    expect(submitted).toHaveLength(1);
    // Another PUT to the same key (a presigned URL used twice, or STS credentials): new bytes.
    await files.put(key, Buffer.from('other bytes entirely'), 'image/png');
    expect(await imageArrived(deps, key)).toBe('pending');
    expect(submitted).toHaveLength(2);
    expect(await others(deps, key)).toBe('');
    // The old verdict, pushed again, does not cover the new bytes; their own does.
    await verdictArrived(deps, 'wx', 'trace-1', 'pass');
    expect((await deps.images.get('wx', nameOf(key)))?.status).toBe('pending');
    await verdictArrived(deps, 'wx', 'trace-2', 'pass');
    expect((await deps.images.get('wx', nameOf(key)))?.status).toBe('visible');
    expect(await others(deps, key)).toContain('q-signature=');
  });

  it('the same name under another owner’s prefix is not the approved image: never shown, and removed', async () => {
    const { deps, files, upload } = setup();
    const carols = await upload('carol');
    await imageArrived(deps, carols);
    await verdictArrived(deps, 'wx', 'trace-1', 'pass');
    const daves = `${albumPrefix('wx', 'dave')}${nameOf(carols)}`;
    await files.put(daves, Buffer.from('never checked'), 'image/png');
    expect(await others(deps, daves)).toBe('');
    expect(await imageArrived(deps, daves)).toBe('rejected');
    expect(await deps.objects.head(daves)).toBeNull();
    expect(await others(deps, carols)).toContain('q-signature=');
    expect((await deps.images.get('wx', nameOf(carols)))?.key).toBe(carols);
  });
});

describe('images stored before moderation', () => {
  const HOUR = 3_600_000;

  it('are recorded visible once, with their owner when known; others are left alone', async () => {
    const { deps, files, upload } = setup();
    const known = await upload('ann');
    // Moderation first saw an image an hour from now: everything stored until then came before it.
    (deps.clock as SettableClock).set(() => Date.now() + HOUR);
    await imageArrived(deps, known);
    const earlier = await upload('bob');
    const orphan = `album/wx/${'f'.repeat(32)}/${nameOf(earlier)}`.replace(/-.{16}\./, '-aaaaaaaaaaaaaaaa.');
    await files.put(orphan, Buffer.from('x'), 'image/png');
    await files.put('album/wx/readme.txt', Buffer.from('x'), 'text/plain');
    expect(await recordEarlierImages(deps)).toEqual({ recorded: 2, known: 1, left: 0 });
    expect(await deps.images.get('wx', nameOf(earlier))).toMatchObject({ status: 'visible', openId: 'bob' });
    expect(await deps.images.get('wx', nameOf(orphan))).toMatchObject({ status: 'visible', openId: '' });
    expect((await deps.images.get('wx', nameOf(known)))?.status).toBe('pending');
    expect(await recordEarlierImages(deps)).toEqual({ recorded: 0, known: 3, left: 0 });
  });

  it('an image stored since moderation first saw one, or just now before it ever has, is left to album-check', async () => {
    const { deps, upload } = setup();
    // Moderation has never run: what was stored in the last minutes may be on its way to it.
    const inFlight = await upload('cy');
    expect(await recordEarlierImages(deps)).toEqual({ recorded: 0, known: 0, left: 1 });
    // Moderation first saw an image an hour ago; this one has no record: its check failed or is due.
    (deps.clock as SettableClock).set(() => Date.now() - HOUR);
    await imageArrived(deps, await upload('dee'));
    (deps.clock as SettableClock).set(Date.now);
    const missed = await upload('eve');
    expect(await recordEarlierImages(deps)).toEqual({ recorded: 0, known: 1, left: 2 });
    for (const key of [inFlight, missed]) expect(await deps.images.get('wx', nameOf(key))).toBeNull();
    expect((await deps.images.moderationStart())?.getTime()).toBeLessThan(Date.now() - HOUR + 1000);
  });
});
