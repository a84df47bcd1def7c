// One ioredis client per container, configured to fail fast: a command waits at most ~1 s while
// Redis is away, then the caller answers ERR_SERVICE_UNAVAILABLE; reconnection goes on underneath.
import { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors.js';
import { describeError, log } from '../log.js';

export function createRedisClient(url: string): Redis {
  const client = new Redis(url, {
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    enableReadyCheck: true,
  });
  let healthy = true;
  client.on('error', (err) => {
    if (healthy) log('warn', 'redis unavailable', describeError(err));
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) log('info', 'redis reconnected');
    healthy = true;
  });
  return client;
}

/** Runs a Redis operation; a connection or timeout failure becomes ERR_SERVICE_UNAVAILABLE. */
export async function withRedis<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof Error && err.name === 'ReplyError') throw err;
    throw new ServiceUnavailableError('Redis', err);
  }
}
