// Images on the moderation desk, on the embedded stores and a scratch bucket: 404 before any input
// is read, the review list, approval, refusal (object gone, avatar cleared), the audit trail.
import { describe, expect, it } from 'vitest';
import { scratchBucket } from '../../../test/support/scratch-bucket.js';
import { SettableClock } from '../../platform/clock.js';
import { InvalidInputError, NotFoundError, ServiceUnavailableError } from '../../platform/errors.js';
import { MemoryAlbumOwnerStore } from '../../stores/album-owner/memory.js';
import { MemoryAuditStore } from '../../stores/audit/memory.js';
import { MemoryImageStore } from '../../stores/image/memory.js';
import { MemoryUserStore } from '../../stores/user/memory.js';
import { newAlbumName } from '../album/names.js';
import { albumPrefix } from '../album/owner.js';
import type { AuthContext } from '../auth/sessions.js';
import { decideImage, type ImageDeskDeps, listImagesFor } from './images.js';

const app = { appId: 'wxa', secret: 's', loginDurationMs: 1, sessionDurationMs: 1, admins: ['oadmin'] };
const apps = { apps: new Map([['wxa', app]]) };
const admin = { appId: 'wxa', openId: 'oadmin' } as AuthContext;
const user = { appId: 'wxa', openId: 'ann' } as AuthContext;

async function setup() {
  const { files, objects } = scratchBucket();
  const clock = new SettableClock();
  const users = new MemoryUserStore();
  const deps: ImageDeskDeps = {
    apps,
    audit: new MemoryAuditStore(),
    clock,
    moderation: {
      images: new MemoryImageStore(),
      owners: new MemoryAlbumOwnerStore(),
      objects,
      media: undefined,
      receivesVerdicts: false,
      users,
      refreshUser: async () => undefined,
      apps,
      clock,
    },
  };
  const names: string[] = [];
  for (let day = 1; day <= 3; day++) {
    const name = newAlbumName('image/png', new Date(2026, 0, day));
    const key = `${albumPrefix('wxa', 'ann')}${name}`;
    await files.put(key, Buffer.from('png'), 'image/png');
    await deps.moderation.images.add({
      id: name,
      key,
      appId: 'wxa',
      openId: 'ann',
      status: 'review',
      createdAt: new Date(2026, 0, day),
    });
    names.push(name);
  }
  await users.upsertOnLogin({ appId: 'wxa', openId: 'ann', now: new Date() });
  await users.updateProfile(
    'wxa',
    'ann',
    { avatarUrl: `${albumPrefix('wxa', 'ann')}${names[0]}` },
    new Date(),
  );
  return { deps, names, users };
}

describe('images on the desk', () => {
  it('answers 404 to everyone but a moderator, malformed requests included', async () => {
    const { deps, names } = await setup();
    await expect(listImagesFor(deps, user, { status: 'nonsense' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideImage(deps, undefined, names[0], { status: 'visible' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(listImagesFor(deps, admin, { status: 'nonsense' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(decideImage(deps, admin, '../x', { status: 'visible' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(decideImage(deps, admin, names[0], { status: 'hidden' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('lists review first in pages, approves and refuses, each in the audit trail', async () => {
    const { deps, names, users } = await setup();
    const page = await listImagesFor(deps, admin, { limit: '2' });
    expect(page.items.map((i) => i.name)).toEqual([names[2], names[1]]);
    expect(page.items[0]).toMatchObject({ status: 'review', owner: 'ann' });
    expect(page.items[0]!.url).toContain('q-signature=');
    const rest = await listImagesFor(deps, admin, { limit: '2', cursor: page.nextCursor! });
    expect(rest.items.map((i) => i.name)).toEqual([names[0]]);

    expect((await decideImage(deps, admin, names[1], { status: 'visible' })).image.status).toBe('visible');
    const refused = await decideImage(deps, admin, names[0], { status: 'rejected' });
    expect(refused.image).toMatchObject({ status: 'rejected', url: null });
    expect(await deps.moderation.objects.head(`${albumPrefix('wxa', 'ann')}${names[0]}`)).toBeNull();
    expect((await users.get('wxa', 'ann'))?.avatarUrl).toBeUndefined();
    await expect(decideImage(deps, admin, names[0], { status: 'visible' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await decideImage(deps, admin, names[0], { status: 'rejected' })).image.status).toBe('rejected');
    await expect(
      decideImage(deps, admin, newAlbumName('image/png', new Date()), { status: 'visible' }),
    ).rejects.toBeInstanceOf(NotFoundError);

    const audit = await deps.audit.list('wxa', { limit: 10 });
    expect(audit.map((e) => [e.action, e.target, e.before, e.after])).toEqual(
      expect.arrayContaining([
        ['image.status', `image:${names[1]}`, { status: 'review' }, { status: 'visible' }],
        ['image.status', `image:${names[0]}`, { status: 'review' }, { status: 'rejected' }],
      ]),
    );
    expect(audit).toHaveLength(2);
    expect((await listImagesFor(deps, admin, { status: 'visible' })).items.map((i) => i.name)).toEqual([
      names[1],
    ]);
  });

  it('a refusal whose purge fails is audited at once, and refusing again purges again', async () => {
    const { deps, names, users } = await setup();
    const key = `${albumPrefix('wxa', 'ann')}${names[0]}`;
    const objects = deps.moderation.objects;
    let down = true;
    const flaky = Object.assign(Object.create(objects), {
      delete: async (k: string) => {
        if (down) throw new ServiceUnavailableError('COS');
        return objects.delete(k);
      },
    }) as typeof objects;
    const withFlakyCos = { ...deps, moderation: { ...deps.moderation, objects: flaky } };
    await expect(decideImage(withFlakyCos, admin, names[0], { status: 'rejected' })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const audit = await deps.audit.list('wxa', { limit: 10 });
    expect(audit.map((e) => [e.action, e.target, e.after])).toEqual([
      ['image.status', `image:${names[0]}`, { status: 'rejected' }],
    ]);
    expect(await objects.head(key)).not.toBeNull();
    down = false;
    expect((await decideImage(withFlakyCos, admin, names[0], { status: 'rejected' })).image.status).toBe(
      'rejected',
    );
    expect(await objects.head(key)).toBeNull();
    expect((await users.get('wxa', 'ann'))?.avatarUrl).toBeUndefined();
    expect(await deps.audit.list('wxa', { limit: 10 })).toHaveLength(1);
  });
});
