// The local bucket's storage, on a temp dir.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BucketFiles } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = new BucketFiles(join(dir, 'bucket'));

describe('BucketFiles', () => {
  it('stores, reads, lists in byte order after a marker, and deletes', async () => {
    await files.put('album/b.png', Buffer.from('bb'), 'image/png');
    await files.put('album/a b.png', Buffer.from('a'), 'image/png');
    await files.put('other/c.png', Buffer.from('c'), 'image/png');
    expect((await files.get('album/b.png'))?.body.toString()).toBe('bb');
    expect(await files.head('album/b.png')).toMatchObject({ size: 2, contentType: 'image/png' });
    const all = await files.list('album/', '', 10);
    expect(all.items.map((m) => m.key)).toEqual(['album/a b.png', 'album/b.png']);
    expect((await files.list('album/', 'album/a b.png', 1)).items.map((m) => m.key)).toEqual(['album/b.png']);
    expect((await files.list('album/', '', 1)).truncated).toBe(true);
    await files.delete('album/b.png');
    expect(await files.head('album/b.png')).toBeNull();
  });

  it.each(['', '.', '..'])('refuses the key %j, which would name a folder', async (key) => {
    await expect(files.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(RangeError);
    await expect(files.delete(key)).rejects.toThrow(RangeError);
    expect(await files.head(key)).toBeNull();
    expect(readdirSync(dir)).toEqual(['bucket']);
  });
});
