// A local bucket on a loopback port, as the dev server serves it, for tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBucketHandler } from '../../dev/local-bucket/http.js';
import { CosPresigner } from '../../lib/platform/cos/presign.js';
import type { CosKeys } from '../../lib/platform/cos/sign.js';
import { BucketFiles } from '../../lib/stores/object/files.js';

export interface TestBucket {
  url: string;
  files: BucketFiles;
  keys: CosKeys;
  presigner(keys?: CosKeys): CosPresigner;
  close(): Promise<void>;
}

export const BUCKET = 'album-1250000000';

export async function startTestBucket(extraKeys: CosKeys[] = []): Promise<TestBucket> {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-bucket-'));
  const files = new BucketFiles(dir);
  const keys = {
    secretId: `AKID${randomBytes(8).toString('hex')}`,
    secretKey: randomBytes(16).toString('hex'),
  };
  const handler = createLocalBucketHandler({
    files,
    bucket: BUCKET,
    basePath: '/_bucket',
    keys: [keys, ...extraKeys],
  });
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/_bucket`;
  return {
    url,
    files,
    keys,
    presigner: (k = keys) => new CosPresigner(url, BUCKET, () => k),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** Uploads with a POST form the way wx.uploadFile does: the fields, then the file last. */
export async function postForm(
  form: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  fileType = 'image/png',
) {
  const data = new FormData();
  for (const [k, v] of Object.entries(form.fields)) data.append(k, v);
  data.append('file', new Blob([bytes], { type: fileType }), 'photo');
  return fetch(form.url, { method: 'POST', body: data });
}

export function png(size: number): Uint8Array {
  const bytes = randomBytes(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size));
  return bytes;
}
