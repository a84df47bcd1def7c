// One MongoDB connection per container, opened on first use (the driver itself is loaded then, see
// mongo-driver.ts), and the helpers every MongoDB store shares.
import type { Collection, Db, Document, MongoClient, WithId } from 'mongodb';
import { ServiceUnavailableError } from '../errors.js';

export type DbProvider = () => Promise<Db>;

/** A document as the store's type: MongoDB's `_id` never leaves a store. */
export function withoutMongoId<T extends object>({ _id, ...rest }: WithId<T>): T {
  return rest as unknown as T;
}

export class MongoConnection {
  private client: Promise<MongoClient> | undefined;

  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {}

  readonly db: DbProvider = async () => {
    this.client ??= import('./mongo-driver.js').then((driver) => driver.createMongoClient(this.url));
    return (await this.client).db(this.name);
  };

  async close(): Promise<void> {
    if (this.client) await (await this.client).close();
  }
}

/** Errors that are the server's own answer (a duplicate key, a bad query), not an outage. */
const SERVER_ANSWERS = new Set(['MongoServerError', 'MongoBulkWriteError', 'MongoWriteConcernError']);
const isServerAnswer = (err: unknown) => err instanceof Error && SERVER_ANSWERS.has(err.name);

/** Every operation answers within this, so a request can answer 503 within 2 s even when MongoDB
 * hangs (a frozen server accepts connections and never replies). */
export const MONGO_OPERATION_TIMEOUT_MS = 1500;

/** Runs a MongoDB operation; anything but a server's own answer becomes ERR_SERVICE_UNAVAILABLE. */
export async function withMongo<T>(op: () => Promise<T>, timeoutMs = MONGO_OPERATION_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const running = op();
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([running, timedOut]);
  } catch (err) {
    if (isServerAnswer(err)) throw err;
    // The abandoned operation fails later on the driver's own timeout; nobody waits for it.
    running.catch(() => undefined);
    throw new ServiceUnavailableError('MongoDB', err);
  } finally {
    clearTimeout(timer);
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return isServerAnswer(err) && (err as { code?: unknown }).code === 11000;
}

/**
 * A collection whose indexes are created once per container, on first use. A failure (MongoDB
 * away) is forgotten, so the next call tries again.
 */
export function lazyCollection<T extends Document>(
  db: DbProvider,
  name: string,
  indexes: (collection: Collection<T>) => Promise<unknown>,
): () => Promise<Collection<T>> {
  let pending: Promise<Collection<T>> | undefined;
  return () => {
    pending ??= withMongo(async () => {
      const collection = (await db()).collection<T>(name);
      await indexes(collection);
      return collection;
    }).catch((err) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
