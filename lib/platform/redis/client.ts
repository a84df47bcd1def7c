// One ioredis client per container (a standalone Redis, or a Redis Cluster), configured to fail
// fast: a command waits at most ~1 s while Redis is away, then the caller answers
// ERR_SERVICE_UNAVAILABLE; reconnection goes on underneath.
import { Cluster, Redis, type RedisOptions, ReplyError } from 'ioredis';
import { ServiceUnavailableError } from '../errors.js';
import { describeError, log } from '../log.js';
import { routeReads } from './replica.js';

/** What the stores take: either client has the commands, scripts, pipelines and pub/sub they use. */
export type RedisClient = Redis | Cluster;

const FAIL_FAST: RedisOptions = {
  connectTimeout: 1000,
  commandTimeout: 1000,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  // Nothing before the first command on a cold start: no INFO ready check (a Redis still loading
  // answers LOADING, which is a 503 like any other "not now") and no CLIENT SETINFO.
  enableReadyCheck: false,
  disableClientInfo: true,
};

function watched<C extends RedisClient>(client: C): C {
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

export function createRedisClient(url: string): Redis {
  return watched(new Redis(url, FAIL_FAST));
}

export function createRedisCluster(options: {
  nodes: Array<{ host: string; port: number }>;
  password: string | undefined;
  tls: boolean;
  /** Let marked reads go to replicas (replica.ts); all others stay on the masters. */
  replicaReads?: boolean;
}): Cluster {
  return watched(
    new Cluster(options.nodes, {
      redisOptions: {
        ...FAIL_FAST,
        ...(options.password ? { password: options.password } : {}),
        ...(options.tls ? { tls: {} } : {}),
      },
      clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      enableReadyCheck: true,
      slotsRefreshTimeout: 1000,
      scaleReads: options.replicaReads ? routeReads : 'master',
    }),
  );
}

/** Cluster answers that mean "not now" (a slot moving, a node failing over), and CROSSSLOT (keys
 * meant to share a slot do not, e.g. data written under another layout): 503, with the cause logged. */
const TRANSIENT = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|CROSSSLOT|LOADING|MASTERDOWN)\b/;

/** Runs a Redis operation; a connection, timeout or cluster failure becomes ERR_SERVICE_UNAVAILABLE. */
export async function withRedis<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ReplyError && !TRANSIENT.test((err as Error).message)) throw err;
    throw new ServiceUnavailableError('Redis', err);
  }
}
