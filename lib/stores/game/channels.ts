// Room channels over Redis pub/sub: one subscriber connection per store (made on first use, closed
// with the store; on a cluster, ioredis's subscriber), fanning each message out to the listeners of its channel in this process.
import { parseJsonObject } from '../../platform/json.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import type { ServerFrame } from './store.js';

type Listener = (frame: ServerFrame) => void;

export class RoomChannels {
  private subscriber: RedisClient | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly redis: RedisClient) {}

  async publish(channel: string, frame: ServerFrame): Promise<void> {
    await withRedis(() => this.redis.publish(channel, JSON.stringify(frame)));
  }

  private connection(): RedisClient {
    if (!this.subscriber) {
      const sub = this.redis.duplicate();
      sub.on('error', () => {});
      sub.on('message', (channel: string, message: string) => {
        const frame = parseJsonObject(message) as ServerFrame | undefined;
        if (!frame) return;
        for (const listener of this.listeners.get(channel) ?? []) listener(frame);
      });
      this.subscriber = sub;
    }
    return this.subscriber;
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener);
    if (set.size === 1) await withRedis(() => this.connection().subscribe(channel));
    return async () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        await withRedis(() => this.connection().unsubscribe(channel)).catch(() => undefined);
      }
    };
  }

  close(): void {
    this.listeners.clear();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }
}
