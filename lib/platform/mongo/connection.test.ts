import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors.js';
import { isDuplicateKey, lazyCollection, withMongo, withoutMongoId } from './connection.js';
import { createMongoClient } from './mongo-driver.js';

const serverError = (code: number) => Object.assign(new Error('E11000'), { name: 'MongoServerError', code });

describe('withMongo', () => {
  it("keeps the server's own answer and turns anything else into ERR_SERVICE_UNAVAILABLE", async () => {
    const duplicate = serverError(11000);
    await expect(withMongo(async () => Promise.reject(duplicate))).rejects.toBe(duplicate);
    const away = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    await expect(withMongo(async () => Promise.reject(away))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('recognises a duplicate key', () => {
    expect(isDuplicateKey(serverError(11000))).toBe(true);
    expect(isDuplicateKey(serverError(2))).toBe(false);
    expect(isDuplicateKey(new Error('E11000'))).toBe(false);
  });
});

it('withoutMongoId drops _id and keeps the rest', () => {
  expect(withoutMongoId({ _id: 'x' as never, id: 'a', n: 1 })).toEqual({ id: 'a', n: 1 });
});

describe('lazyCollection', () => {
  it('creates indexes once, and forgets a failure so the next call tries again', async () => {
    let dbCalls = 0;
    let indexCalls = 0;
    const db = async () => {
      dbCalls++;
      if (dbCalls === 1) throw new Error('not yet');
      return { collection: (name: string) => ({ name }) } as unknown as Db;
    };
    const collection = lazyCollection(db, 'things', async () => {
      indexCalls++;
    });
    await expect(collection()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(await collection()).toEqual({ name: 'things' });
    expect(await collection()).toEqual({ name: 'things' });
    expect([dbCalls, indexCalls]).toEqual([2, 1]);
  });
});

it('the driver is set up to fail fast (about 1.5 s) rather than hang, with retryable writes unless the URL says no', async () => {
  const client = createMongoClient('mongodb://127.0.0.1:1/x');
  expect(client.options).toMatchObject({
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
    retryWrites: true,
    maxPoolSize: 5,
  });
  await client.close();
  const ferret = createMongoClient('mongodb://127.0.0.1:1/x?retryWrites=false');
  expect(ferret.options.retryWrites).toBe(false);
  await ferret.close();
});

it('withMongo answers ERR_SERVICE_UNAVAILABLE when an operation hangs, and leaves no unhandled rejection', async () => {
  const started = performance.now();
  let fail: (err: Error) => void = () => undefined;
  const hanging = () => new Promise<never>((_, reject) => (fail = reject));
  await expect(withMongo(hanging, 50)).rejects.toBeInstanceOf(ServiceUnavailableError);
  expect(performance.now() - started).toBeLessThan(1000);
  fail(new Error('the driver gave up later'));
});
