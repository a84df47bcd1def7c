// Starts the real services once for the whole run (or uses REDIS_URL / MONGO_URL when set) and
// hands their URLs to every test file. A missing service fails the run, loudly.
import type { TestProject } from 'vitest/node';
import { buildAll } from '../scripts/build.js';
import {
  MissingServiceError,
  type ServiceHandle,
  startFerretDB,
  startRedis,
  startRedisCluster,
} from './support/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** host:port,... of a 3-master Redis Cluster when REDIS_MODE=cluster, else ''. */
    redisCluster: string;
    mongoUrl: string;
  }
}

function banner(err: unknown): never {
  if (err instanceof MissingServiceError) {
    const line = '!'.repeat(78);
    console.error(`\n${line}\n! weapp-scf tests need real services.\n! ${err.message}\n${line}\n`);
  }
  throw err;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The build tests read dist/; building once here keeps test files from racing over it.
  await buildAll();
  const started: ServiceHandle[] = [];
  try {
    let redisCluster = '';
    let redisUrl = process.env.REDIS_URL;
    if (process.env.REDIS_MODE === 'cluster') {
      const cluster = await startRedisCluster();
      started.push({ dispose: () => cluster.dispose() } as ServiceHandle);
      redisCluster = cluster.nodes;
      redisUrl = '';
    } else if (!redisUrl) {
      const redis = await startRedis();
      started.push(redis);
      redisUrl = redis.url;
    }
    let mongoUrl = process.env.MONGO_URL;
    if (!mongoUrl) {
      const mongo = await startFerretDB();
      started.push(mongo);
      mongoUrl = mongo.url;
    }
    project.provide('redisUrl', redisUrl);
    project.provide('redisCluster', redisCluster);
    project.provide('mongoUrl', mongoUrl);
  } catch (err) {
    await Promise.all(started.map((s) => s.dispose()));
    banner(err);
  }
  return async () => {
    await Promise.all(started.map((s) => s.dispose()));
  };
}
