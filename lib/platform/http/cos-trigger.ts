// SCF's COS trigger: the event it hands a function when objects are created, read defensively
// (documented shape: Records[].cos.cosObject.key = "/<appid>/<bucket name>/<object key>",
// cosBucket {name, appid, region}, event.eventName), and a handler that runs one use case per object.
// A record that fails makes the invocation fail after the others ran, so SCF's retry of the async
// invocation runs it again; use cases must be idempotent.

import { describeError, log } from '../log.js';
import { requestIdOf, type ScfContext } from './event.js';

/** More records than COS ever batches is not a COS event. */
const MAX_RECORDS = 100;

export interface CosObjectCreated {
  /** "<name>-<appid>", as COS_BUCKET names it. */
  bucket: string;
  key: string;
  size: number;
  eventName: string;
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

/** The created objects of a COS trigger event; null when `event` is not one. */
export function readCosEvent(event: unknown): CosObjectCreated[] | null {
  const records = field(event, 'Records');
  if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS) return null;
  const created: CosObjectCreated[] = [];
  for (const record of records) {
    const cos = field(record, 'cos');
    const eventName = field(field(record, 'event'), 'eventName');
    const rawKey = field(field(cos, 'cosObject'), 'key');
    const size = field(field(cos, 'cosObject'), 'size');
    const name = field(field(cos, 'cosBucket'), 'name');
    const appid = field(field(cos, 'cosBucket'), 'appid');
    if (typeof eventName !== 'string' || typeof rawKey !== 'string' || typeof name !== 'string') return null;
    if (typeof appid !== 'string' || !/^\d{1,20}$/.test(appid)) return null;
    const prefix = `/${appid}/${name}/`;
    if (!rawKey.startsWith(prefix) || rawKey.length > prefix.length + 1024) return null;
    if (!eventName.startsWith('cos:ObjectCreated:')) continue;
    let key = rawKey.slice(prefix.length);
    try {
      key = key.includes('%') ? decodeURIComponent(key) : key;
    } catch {
      return null;
    }
    created.push({ bucket: `${name}-${appid}`, key, size: typeof size === 'number' ? size : 0, eventName });
  }
  return created;
}

/** The event COS sends for one created object (the dev server's local bucket raises it too). */
export function objectCreatedEvent(bucket: string, region: string, key: string, size: number) {
  const [, name = bucket, appid = '0'] = /^(.*)-(\d+)$/.exec(bucket) ?? [];
  return {
    Records: [
      {
        cos: {
          cosSchemaVersion: '1.0',
          cosObject: { url: '', meta: {}, vid: '', key: `/${appid}/${name}/${key}`, size },
          cosBucket: { region, name, appid },
          cosNotificationId: 'unknown',
        },
        event: {
          eventName: 'cos:ObjectCreated:Put',
          eventVersion: '1.0',
          eventTime: Math.floor(Date.now() / 1000),
          eventSource: 'qcs::cos',
        },
      },
    ],
  };
}

export interface CosFunction {
  main_handler(event: unknown, context?: ScfContext): Promise<{ processed: number; results: string[] }>;
}

/** A function for a COS trigger: `handle` runs for each created object; results are logged. */
export function createCosFunction<App>(
  name: string,
  app: () => App,
  handle: (app: App, key: string) => Promise<string>,
): CosFunction {
  return {
    async main_handler(event, context) {
      const requestId = requestIdOf(context);
      const objects = readCosEvent(event);
      if (!objects) {
        log('warn', 'not a COS event', { requestId, function: name });
        return { processed: 0, results: [] };
      }
      const results: string[] = [];
      let failure: unknown;
      for (const object of objects) {
        const started = performance.now();
        try {
          const result = await handle(app(), object.key);
          results.push(result);
          const ms = Math.round((performance.now() - started) * 10) / 10;
          log('info', 'object', { requestId, function: name, event: object.eventName, result, ms });
        } catch (err) {
          failure ??= err;
          results.push('failed');
          log('error', 'object failed', { requestId, function: name, ...describeError(err) });
        }
      }
      if (failure) throw failure;
      return { processed: objects.length, results };
    },
  };
}
