// Redis AlbumOwnerStore: `<prefix>ao:<appId>:<owner>` holding the openId, with a TTL. One key per
// command, so any cluster slot will do.
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import { type AlbumOwnerStore, OWNER_TTL_MS } from './store.js';

export class RedisAlbumOwnerStore implements AlbumOwnerStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(appId: string, owner: string): string {
    return `${this.prefix}ao:${appId}:${owner}`;
  }

  async remember(appId: string, owner: string, openId: string): Promise<void> {
    await withRedis(() => this.redis.set(this.key(appId, owner), openId, 'PX', OWNER_TTL_MS));
  }

  async ownerOf(appId: string, owner: string): Promise<string | null> {
    return withRedis(() => this.redis.get(this.key(appId, owner)));
  }

  async forget(appId: string, owner: string): Promise<void> {
    await withRedis(() => this.redis.del(this.key(appId, owner)));
  }
}
