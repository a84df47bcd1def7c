// An embedded object store on files in a temporary directory (no server), for unit tests of use
// cases that sign URLs and read or delete objects. Removed when the process exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosPresigner } from '../../lib/platform/cos/presign.js';
import { BucketFiles } from '../../lib/stores/object/files.js';
import { LocalObjectStore } from '../../lib/stores/object/local.js';

const dirs: string[] = [];
process.on('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

export function scratchBucket(): { files: BucketFiles; objects: LocalObjectStore } {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-scratch-'));
  dirs.push(dir);
  const files = new BucketFiles(dir);
  const keys = { secretId: 'AKIDunit', secretKey: 'unit-key' };
  const presigner = new CosPresigner('http://127.0.0.1:9/_bucket', 'local-1250000000', () => keys);
  return { files, objects: new LocalObjectStore(presigner, files) };
}
