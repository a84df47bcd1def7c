// The container's connections, opened once and owned by the lifetime: one Redis client (sessions,
// limits, tokens, the game) and one MongoDB connection (users, drawings, videos, comments).
import type { Redis } from 'ioredis';
import type { Config } from '../platform/config/index.js';
import { MongoConnection } from '../platform/mongo/connection.js';
import { createRedisClient } from '../platform/redis/client.js';
import type { Lifetime } from './lifetime.js';

export interface Connections {
  /** Undefined when running embedded (no REDIS_URL). */
  redis: { client: Redis; prefix: string } | undefined;
  /** Undefined when running embedded (no MONGO_URL). */
  mongo: MongoConnection | undefined;
}

export function openConnections(config: Config, lifetime: Lifetime): Connections {
  return {
    redis: config.redisUrl
      ? {
          client: lifetime.own(createRedisClient(config.redisUrl), (client) => client.disconnect()),
          prefix: config.redisKeyPrefix,
        }
      : undefined,
    mongo: config.mongoUrl
      ? lifetime.own(new MongoConnection(config.mongoUrl, config.mongoDb), (mongo) => mongo.close())
      : undefined,
  };
}
