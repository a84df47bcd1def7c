// The container's connections, opened once and owned by the lifetime: one Redis client (sessions,
// limits, tokens, the game) and one MongoDB connection (users, drawings, videos, comments).
import type { Config } from '../platform/config/index.js';
import { MongoConnection } from '../platform/mongo/connection.js';
import { createRedisClient, createRedisCluster, type RedisClient } from '../platform/redis/client.js';
import type { Lifetime } from './lifetime.js';

export interface Connections {
  /** Undefined when running embedded (neither REDIS_URL nor REDIS_CLUSTER_NODES). `cluster`: keys
   * must keep what one operation touches in one slot (hash tags); `replicaReads`: session checks
   * may read from replicas (lib/platform/redis/replica.ts). */
  redis: { client: RedisClient; prefix: string; cluster: boolean; replicaReads: boolean } | undefined;
  /** Undefined when running embedded (no MONGO_URL). */
  mongo: MongoConnection | undefined;
}

export function openConnections(config: Config, lifetime: Lifetime): Connections {
  return {
    redis: config.redisCluster
      ? {
          client: lifetime.own(createRedisCluster(config.redisCluster), (client) => client.disconnect()),
          prefix: config.redisKeyPrefix,
          cluster: true,
          replicaReads: config.redisCluster.replicaReads,
        }
      : config.redisUrl
        ? {
            client: lifetime.own(createRedisClient(config.redisUrl), (client) => client.disconnect()),
            prefix: config.redisKeyPrefix,
            cluster: false,
            replicaReads: false,
          }
        : undefined,
    mongo: config.mongoUrl
      ? lifetime.own(new MongoConnection(config.mongoUrl, config.mongoDb), (mongo) => mongo.close())
      : undefined,
  };
}
