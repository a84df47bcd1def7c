// The code SCF runs, as zips made from dist/, and each one's build id. The id names the inputs, not
// the zip's bytes: it hashes every file's path, mode and content except the V8 code caches
// (`*.cache`), whose bytes differ on every build of the same source (V8 writes them with its own
// per-run state) and which follow from the JavaScript beside them and the Node.js that made them
// (18.15, fixed by the build). So two builds of one commit have one id, and a deploy with nothing
// changed uploads nothing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

export interface Artifact {
  zip: Uint8Array;
  /** The first 16 hex digits of the sha256 of what the build was made from (see above). */
  build: string;
}

const FIXED_TIME = new Date('2020-01-01T00:00:00Z');

/** A V8 code cache, written by the build beside the file it was made from. */
export const isCodeCache = (path: string) => path.endsWith('.cache');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

export function zipDirectory(dir: string): Artifact {
  const entries: Zippable = {};
  const id = createHash('sha256');
  for (const path of files(dir)) {
    const name = relative(dir, path).split('\\').join('/');
    const mode = (statSync(path).mode & 0o111) !== 0 ? 0o100755 : 0o100644;
    const data = readFileSync(path);
    // Unix permissions in the external attributes: scf_bootstrap must stay executable.
    entries[name] = [data, { mtime: FIXED_TIME, os: 3, attrs: (mode << 16) >>> 0, level: 6 }];
    const content = isCodeCache(name) ? 'v8 code cache' : createHash('sha256').update(data).digest('hex');
    id.update(`${name}\0${mode.toString(8)}\0${content}\n`);
  }
  return { zip: zipSync(entries), build: id.digest('hex').slice(0, 16) };
}
