// The tests' Redis: the standalone redis-server, or (REDIS_MODE=cluster) a 3-master Redis Cluster
// started by the global setup. The same helpers serve both: a client, every key matching a pattern
// (on a cluster, from each master), and the variables a process needs to reach it.
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import type { RedisClient } from '../../lib/platform/redis/client.js';

export const clusterMode = (): boolean => inject('redisCluster') !== '';

export function testRedis(): RedisClient {
  const nodes = inject('redisCluster');
  if (!nodes) return new Redis(inject('redisUrl'));
  return new Cluster(
    nodes.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })),
  );
}

export async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  if (client instanceof Cluster) {
    const all = await Promise.all(client.nodes('master').map((node) => node.keys(pattern)));
    return all.flat();
  }
  return client.keys(pattern);
}

/** What a child process (npm start, a built function) needs to reach the tests' Redis. */
export function redisEnv(): Record<string, string> {
  return clusterMode() ? { REDIS_CLUSTER_NODES: inject('redisCluster') } : { REDIS_URL: inject('redisUrl') };
}

/** The game's keys under a prefix (the same layout on a cluster: the hash tags come after `game:`). */
export const gameKeyPattern = (prefix: string): string => `${prefix}game:*`;
