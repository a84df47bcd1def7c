// npm run bench: every figure is a p50 ratio to a baseline measured in the same run, against real
// services on loopback (started here unless REDIS_URL / MONGO_URL are set). Prints a table and
// writes bench/results.json.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { setLogSink } from '../lib/http/log.js';
import { resetRuntime } from '../lib/runtime.js';
import { type ServiceHandle, startFerretDB, startRedis } from '../test/support/services.js';
import { commentBenchmarks } from './comments.js';
import { drawingBenchmarks } from './drawings.js';
import type { BenchResult } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const started: ServiceHandle[] = [];

async function main(): Promise<void> {
  if (!process.env.REDIS_URL) started.push(await startRedis());
  if (!process.env.MONGO_URL) started.push(await startFerretDB());
  const redisUrl = process.env.REDIS_URL ?? started.find((s) => s.url.startsWith('redis'))!.url;
  const mongoUrl = process.env.MONGO_URL ?? started.find((s) => s.url.startsWith('mongodb'))!.url;
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, {
    REDIS_URL: redisUrl,
    MONGO_URL: mongoUrl,
    MONGO_DB: dbName,
    REDIS_KEY_PREFIX: `b${dbName}:`,
    LOGIN_RATE_LIMIT: '100000',
  });
  setLogSink(() => {});
  const mongo = new MongoClient(mongoUrl);
  try {
    const db = mongo.db(dbName);
    const results: BenchResult[] = [
      ...(await drawingBenchmarks(db, rounds)),
      ...(await commentBenchmarks(db, rounds)),
    ];
    console.table(results);
    writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      `${results.filter((r) => r.ok).length}/${results.length} within target; bench/results.json written`,
    );
    await mongo.db(dbName).dropDatabase();
  } finally {
    await mongo.close();
    await resetRuntime();
    await Promise.all(started.map((s) => s.dispose()));
  }
}

await main();
