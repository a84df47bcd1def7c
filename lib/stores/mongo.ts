// One MongoClient per container. Short selection and connect timeouts, so a request answers
// ERR_SERVICE_UNAVAILABLE within about 1.5 s while MongoDB is away; the driver reconnects by itself.
import { type Db, MongoClient, MongoServerError } from 'mongodb';
import { ServiceUnavailableError } from '../http/errors.js';

export function createMongoClient(url: string): MongoClient {
  return new MongoClient(url, {
    appName: 'weapp-scf',
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
    socketTimeoutMS: 5000,
    maxPoolSize: 5,
    // FerretDB v1 has no sessions, and TencentDB may be a standalone; plain writes work on both.
    retryWrites: false,
  });
}

export function database(client: MongoClient, name: string): Db {
  return client.db(name);
}

/** Runs a MongoDB operation; anything but a server's own answer becomes ERR_SERVICE_UNAVAILABLE. */
export async function withMongo<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof MongoServerError) throw err;
    throw new ServiceUnavailableError('MongoDB', err);
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

/** Runs `setup` once per container; a failure is forgotten so the next call tries again. */
export function once(setup: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= setup().catch((err) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
