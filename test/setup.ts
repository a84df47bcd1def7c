// Runs before each test file: points the runtime at the shared real services, isolates this
// file's data (own Redis key prefix, own Mongo database), and captures every log line.
import { randomBytes } from 'node:crypto';
import { afterAll, expect, inject } from 'vitest';
import { useDevParts } from '../dev/embedded.js';
import { resetApp } from '../lib/app/container.js';
import { setLogSink } from '../lib/platform/log.js';
import { leakedSecret } from './support/secrets.js';

const id = randomBytes(4).toString('hex');
if (inject('redisCluster')) {
  process.env.REDIS_CLUSTER_NODES = inject('redisCluster');
  delete process.env.REDIS_URL;
} else {
  process.env.REDIS_URL = inject('redisUrl');
  delete process.env.REDIS_CLUSTER_NODES;
}
process.env.MONGO_URL = inject('mongoUrl');
process.env.REDIS_KEY_PREFIX = `t${id}:`;
process.env.MONGO_DB = `t_${id}`;
for (const name of [
  'WX_APPID',
  'WX_SECRET',
  'WX_APPS',
  'WX_API_BASE',
  'TENCENTCLOUD_RUNENV',
  'SCF_FUNCTIONNAME',
]) {
  delete process.env[name];
}

useDevParts();

export const logLines: string[] = [];
setLogSink((line) => {
  logLines.push(line);
});

afterAll(async () => {
  await resetApp();
  const leaks = logLines.map(leakedSecret).filter(Boolean);
  expect(leaks, 'a secret appeared in a log line').toEqual([]);
});
