// The local bucket's HTTP face, served by the dev server under a base path: COS's POST Object,
// PUT/GET/HEAD/DELETE Object and GET Bucket, signatures and policies verified as COS does, and
// COS-style XML errors. Local only: it stands in for a private COS bucket.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FORBID_OVERWRITE } from '../../lib/platform/cos/presign.js';
import type { CosKeys } from '../../lib/platform/cos/sign.js';
import { flattenHeaders, parseTarget, readBody } from '../../lib/platform/http/node.js';
import type { BucketFiles } from '../../lib/stores/object/files.js';
import { CosDenied, verifyPostForm, verifyRequest } from './verify.js';
import { errorXml, listBucketXml, postResponseXml } from './xml.js';

export interface LocalBucketOptions {
  files: BucketFiles;
  bucket: string;
  /** The path the bucket is served under, e.g. "/_bucket". */
  basePath: string;
  keys: readonly CosKeys[];
  maxRequestBytes?: number;
  /** Told of every object created (POST and PUT), after it is stored: as COS tells its trigger. */
  onCreated?: (key: string, size: number) => void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createLocalBucketHandler(options: LocalBucketOptions): RequestHandler {
  const { files, bucket, basePath, keys } = options;
  const maxBytes = options.maxRequestBytes ?? 64 * 1024 * 1024;

  /** Writes as COS does: `x-cos-forbid-overwrite: true` (any case) refuses an existing key. */
  const store = async (key: string, body: Buffer, contentType: string, forbid: string | undefined) => {
    if (forbid?.toLowerCase() !== 'true') return files.put(key, body, contentType);
    const meta = await files.put(key, body, contentType, true);
    if (!meta) throw new CosDenied(409, 'FileAlreadyExists', 'The object already exists.');
    return meta;
  };

  return async (req, res) => {
    const requestId = randomUUID();
    const target = parseTarget(req.url);
    const host = /^[A-Za-z0-9.:[\]-]{1,255}$/.test(req.headers.host ?? '') ? req.headers.host : 'localhost';
    const origin = `http://${host}`;
    const method = req.method ?? 'GET';
    const headers: Record<string, string | undefined> = flattenHeaders(req.headers);
    // CORS as a COS bucket used from web pages is configured: any origin, these methods.
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'etag, location, x-cos-request-id',
    };
    const send = (status: number, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'x-cos-request-id': requestId, ...cors, ...extra });
      res.end(method === 'HEAD' ? undefined : body);
    };
    if (method === 'OPTIONS') {
      return send(200, '', {
        'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE',
        'access-control-allow-headers': headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
    }
    try {
      if (!target) throw new CosDenied(400, 'InvalidURI', 'Could not parse the specified URI.');
      const path = decodePath(target.path);
      const key = path.slice(basePath.length + 1);
      if (method === 'POST' && key === '') {
        const body = await readLimitedBody(req, maxBytes);
        const form = await new Response(body, {
          headers: { 'content-type': headers['content-type'] ?? '' },
        }).formData();
        const entries = [...form.entries()];
        const file = form.get('file');
        if (!(file instanceof Blob) || entries[entries.length - 1]?.[0] !== 'file') {
          throw new CosDenied(400, 'InvalidArgument', 'the file field is missing or is not the last field');
        }
        const fields = new Map<string, string>();
        for (const [name, value] of entries)
          if (typeof value === 'string') fields.set(name.toLowerCase(), value);
        verifyPostForm({ fields, fileSize: file.size }, bucket, keys, new Date());
        const objectKey = fields.get('key')!;
        const meta = await store(
          objectKey,
          Buffer.from(await file.arrayBuffer()),
          fields.get('content-type') ?? 'application/octet-stream',
          fields.get(FORBID_OVERWRITE),
        );
        options.onCreated?.(objectKey, file.size);
        const location = `${origin}${basePath}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
        const status = fields.get('success_action_status');
        if (status === '201')
          return send(201, postResponseXml(location, bucket, objectKey, meta.etag), {
            'content-type': 'application/xml',
            etag: `"${meta.etag}"`,
          });
        return send(status === '200' ? 200 : 204, '', { etag: `"${meta.etag}"`, location });
      }

      verifyRequest({ method, path, query: target.params, headers }, keys, Math.floor(Date.now() / 1000));

      if (key === '') {
        if (method !== 'GET')
          throw new CosDenied(405, 'MethodNotAllowed', 'The specified method is not allowed.');
        const prefix = target.params.get('prefix') ?? '';
        const marker = target.params.get('marker') ?? '';
        const maxKeys = Math.min(1000, Math.max(1, Number(target.params.get('max-keys') ?? 1000) || 1000));
        const { items, truncated } = await files.list(prefix, marker, maxKeys);
        return send(200, listBucketXml(bucket, prefix, marker, maxKeys, items, truncated), {
          'content-type': 'application/xml',
        });
      }
      if (method === 'PUT') {
        const body = await readLimitedBody(req, maxBytes);
        const meta = await store(
          key,
          body,
          headers['content-type'] ?? 'application/octet-stream',
          headers[FORBID_OVERWRITE],
        );
        options.onCreated?.(key, body.length);
        return send(200, '', { etag: `"${meta.etag}"` });
      }
      if (method === 'GET' || method === 'HEAD') {
        const object = await files.get(key);
        if (!object) throw new CosDenied(404, 'NoSuchKey', 'The specified key does not exist.');
        return send(200, object.body, {
          'content-type': object.meta.contentType,
          'content-length': String(object.meta.size),
          etag: `"${object.meta.etag}"`,
          'last-modified': new Date(object.meta.lastModified).toUTCString(),
        });
      }
      if (method === 'DELETE') {
        await files.delete(key);
        return send(204, '');
      }
      throw new CosDenied(405, 'MethodNotAllowed', 'The specified method is not allowed.');
    } catch (err) {
      // The store refuses keys that would name a folder ('.', '..').
      const denied =
        err instanceof RangeError
          ? new CosDenied(400, 'InvalidArgument', 'The specified key is not valid.')
          : err;
      if (!(denied instanceof CosDenied)) throw err;
      send(denied.status, errorXml(denied.code, denied.message, target?.path ?? '/', requestId), {
        'content-type': 'application/xml',
      });
    }
  };
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new CosDenied(400, 'InvalidURI', 'Could not parse the specified URI.');
  }
}

/** The body; past the limit the rest is drained, not kept, so the client still hears the XML error. */
async function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const body = await readBody(req, limit);
  if (body === null) {
    throw new CosDenied(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
  }
  return body;
}
