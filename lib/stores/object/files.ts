// The local bucket's storage: each object is a file plus a JSON metadata file under a data dir,
// named by the percent-encoded key (flat, so no key can reach outside the dir).
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ObjectMeta {
  key: string;
  size: number;
  contentType: string;
  lastModified: string;
  etag: string;
}

export class BucketFiles {
  private ready: Promise<void> | undefined;

  constructor(readonly dir: string) {}

  private init(): Promise<void> {
    this.ready ??= Promise.all([
      mkdir(join(this.dir, 'objects'), { recursive: true }),
      mkdir(join(this.dir, 'meta'), { recursive: true }),
    ]).then(() => undefined);
    return this.ready;
  }

  private paths(key: string) {
    // Percent-encoding keeps every key in one flat folder, except these, which name folders.
    if (key === '' || key === '.' || key === '..')
      throw new RangeError(`not an object key: ${JSON.stringify(key)}`);
    const name = encodeURIComponent(key);
    return { body: join(this.dir, 'objects', name), meta: join(this.dir, 'meta', `${name}.json`) };
  }

  /** Stores an object; with `exclusive`, only where none is: null (nothing written) if one is. */
  async put(key: string, body: Buffer, contentType: string, exclusive: true): Promise<ObjectMeta | null>;
  async put(key: string, body: Buffer, contentType: string, exclusive?: false): Promise<ObjectMeta>;
  async put(key: string, body: Buffer, contentType: string, exclusive = false): Promise<ObjectMeta | null> {
    await this.init();
    const { body: bodyPath, meta: metaPath } = this.paths(key);
    const meta: ObjectMeta = {
      key,
      size: body.length,
      contentType,
      lastModified: new Date().toISOString(),
      etag: createHash('md5').update(body).digest('hex'),
    };
    const tmp = `${bodyPath}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, body);
    if (exclusive) {
      // link() refuses an existing name atomically: of two racing writers, one wins.
      const created = await link(tmp, bodyPath).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return false;
          throw err;
        },
      );
      await rm(tmp, { force: true });
      if (!created) return null;
    } else await rename(tmp, bodyPath);
    await writeFile(`${metaPath}.tmp`, JSON.stringify(meta));
    await rename(`${metaPath}.tmp`, metaPath);
    return meta;
  }

  async head(key: string): Promise<ObjectMeta | null> {
    await this.init();
    try {
      return JSON.parse(await readFile(this.paths(key).meta, 'utf8')) as ObjectMeta;
    } catch {
      return null;
    }
  }

  async get(key: string): Promise<{ meta: ObjectMeta; body: Buffer } | null> {
    const meta = await this.head(key);
    if (!meta) return null;
    try {
      return { meta, body: await readFile(this.paths(key).body) };
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    await this.init();
    const { body, meta } = this.paths(key);
    await rm(meta, { force: true });
    await rm(body, { force: true });
  }

  /** Keys after `marker` with `prefix`, in UTF-8 byte order as COS lists them. */
  async list(
    prefix: string,
    marker: string,
    maxKeys: number,
  ): Promise<{ items: ObjectMeta[]; truncated: boolean }> {
    await this.init();
    const keys = (await readdir(join(this.dir, 'meta')))
      .filter((f) => f.endsWith('.json'))
      .map((f) => decodeURIComponent(f.slice(0, -5)))
      .filter((k) => k.startsWith(prefix) && Buffer.compare(Buffer.from(k), Buffer.from(marker)) > 0)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const page = keys.slice(0, maxKeys);
    const items = (await Promise.all(page.map((k) => this.head(k)))).filter(
      (m): m is ObjectMeta => m !== null,
    );
    return { items, truncated: keys.length > maxKeys };
  }
}
