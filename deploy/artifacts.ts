// The code SCF runs, as zips made from dist/: reproducible (sorted entries, one fixed time), so the
// same build hashes the same and a deploy with no change uploads nothing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

export interface Artifact {
  zip: Uint8Array;
  /** The first 16 hex digits of the zip's sha256: the build's id. */
  build: string;
}

const FIXED_TIME = new Date('2020-01-01T00:00:00Z');

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
  for (const path of files(dir)) {
    const executable = (statSync(path).mode & 0o111) !== 0;
    // Unix permissions in the external attributes: scf_bootstrap must stay executable.
    entries[relative(dir, path).split('\\').join('/')] = [
      readFileSync(path),
      { mtime: FIXED_TIME, os: 3, attrs: ((executable ? 0o100755 : 0o100644) << 16) >>> 0, level: 6 },
    ];
  }
  const zip = zipSync(entries);
  return { zip, build: createHash('sha256').update(zip).digest('hex').slice(0, 16) };
}
