// The album on the embedded object store (the local bucket's files, signed as COS signs).
import { describe, expect, it } from 'vitest';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import { SettableClock } from '../../platform/clock.js';
import {
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
} from '../../platform/errors.js';
import { encodeCursor } from '../../platform/http/pagination.js';
import { MemoryAlbumOwnerStore } from '../../stores/album-owner/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import type { BucketFiles } from '../../stores/object/files.js';
import { memoryRateLimiter } from '../../stores/rate-limit/memory.js';
import type { AuthContext } from '../auth/sessions.js';
import { temporaryCredentials } from './credentials.js';
import type { AlbumDeps } from './deps.js';
import { deleteImage, listImages } from './images.js';
import { ALBUM_NAME_PATTERN, newAlbumName } from './names.js';
import { albumPrefix, isOwnAlbumKey, ownerPrefix } from './owner.js';
import { signUpload } from './uploads.js';

const user = (openId: string) =>
  ({ appId: 'wx', openId, uuid: 'u', user: { openId }, expiresAt: new Date() }) as AuthContext;

function deps(): AlbumDeps & { files: BucketFiles } {
  return {
    ...scratchBucket(),
    images: new MemoryImageStore(),
    owners: new MemoryAlbumOwnerStore(),
    uploadLimiter: memoryRateLimiter({ name: `u${Math.random()}`, points: 2, durationSeconds: 60 }),
    clock: new SettableClock(),
    maxBytes: 1000,
    sts: undefined,
  };
}

describe('names and owners', () => {
  it('makes unguessable names that sort newest first', () => {
    const older = newAlbumName('image/png', new Date(2026, 0, 1));
    const newer = newAlbumName('image/jpeg', new Date(2026, 0, 2));
    expect(older).toMatch(ALBUM_NAME_PATTERN);
    expect(newer.endsWith('.jpg')).toBe(true);
    expect(newer < older).toBe(true);
    expect(newAlbumName('image/png', new Date(2026, 0, 1))).not.toBe(older);
  });

  it('keys an owner by a one-way hash, never the openId', () => {
    expect(albumPrefix('wx', 'o-secret-id')).toBe(`album/wx/${ownerPrefix('wx', 'o-secret-id')}/`);
    expect(albumPrefix('wx', 'o-secret-id')).not.toContain('o-secret-id');
    const name = newAlbumName('image/png', new Date());
    expect(isOwnAlbumKey(`${albumPrefix('wx', 'ann')}${name}`, 'wx', 'ann')).toBe(true);
    expect(isOwnAlbumKey(`${albumPrefix('wx', 'bob')}${name}`, 'wx', 'ann')).toBe(false);
    expect(isOwnAlbumKey(`${albumPrefix('wx', 'ann')}../${name}`, 'wx', 'ann')).toBe(false);
  });
});

describe('album use cases', () => {
  it('signs an upload for one key under the caller’s prefix, within the size limit and the rate', async () => {
    const d = deps();
    const grant = await signUpload(d, user('ann'), { contentType: 'image/png', size: 10 });
    expect(grant.key).toBe(`${albumPrefix('wx', 'ann')}${grant.name}`);
    expect(grant.post.fields.key).toBe(grant.key);
    expect(grant.put.headers).toEqual({ 'Content-Type': 'image/png', 'x-cos-forbid-overwrite': 'true' });
    expect(grant.post.fields['x-cos-forbid-overwrite']).toBe('true');
    expect(await d.owners.ownerOf('wx', ownerPrefix('wx', 'ann'))).toBe('ann');
    await expect(signUpload(d, user('ann'), { contentType: 'image/png', size: 1001 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await signUpload(d, user('ann'), { contentType: 'image/png', size: 10 });
    await expect(signUpload(d, user('ann'), { contentType: 'image/png', size: 10 })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('lists the caller’s images in pages and deletes only their own', async () => {
    const d = deps();
    const names = [1, 2, 3].map((day) => newAlbumName('image/png', new Date(2026, 0, day)));
    for (const name of names)
      await d.files.put(`${albumPrefix('wx', 'ann')}${name}`, Buffer.from('x'), 'image/png');
    await d.files.put(`${albumPrefix('wx', 'bob')}${names[0]}`, Buffer.from('y'), 'image/png');

    const record = (n: number, status: 'visible' | 'rejected') =>
      d.images.add({
        id: names[n]!,
        key: `${albumPrefix('wx', 'ann')}${names[n]}`,
        appId: 'wx',
        openId: 'ann',
        status,
        createdAt: new Date(),
      });
    await record(1, 'visible');
    const all = await listImages(d, user('ann'), { limit: 5 });
    expect(all.items.map((i) => [i.name, i.status])).toEqual([
      [names[2], 'pending'],
      [names[1], 'visible'],
      [names[0], 'pending'],
    ]);
    const page1 = await listImages(d, user('ann'), { limit: 2 });
    expect(page1.items.map((i) => i.name)).toEqual([names[2], names[1]]);
    expect(page1.items[0]?.url).toContain('q-sign-algorithm=sha1');
    const page2 = await listImages(d, user('ann'), { limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ name: names[0] }], nextCursor: null });
    await expect(
      listImages(d, user('ann'), { limit: 2, cursor: encodeCursor('../x') }),
    ).rejects.toBeInstanceOf(InvalidInputError);

    await expect(deleteImage(d, user('carol'), names[0]!)).rejects.toBeInstanceOf(NotFoundError);
    await deleteImage(d, user('bob'), names[0]!);
    expect((await listImages(d, user('ann'), { limit: 5 })).items).toHaveLength(3);
    await deleteImage(d, user('ann'), names[1]!);
    expect(await d.images.get('wx', names[1]!)).toBeNull();
    await record(2, 'rejected');
    expect((await listImages(d, user('ann'), { limit: 5 })).items.map((i) => i.name)).toEqual([names[0]]);
  });

  it('has no temporary credentials without STS', async () => {
    await expect(temporaryCredentials(deps(), user('ann'))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
