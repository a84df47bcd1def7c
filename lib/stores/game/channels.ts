// Room channels over Redis pub/sub: one subscriber connection per store (made on first use, closed
// with the store), fanning each message out to the listeners of its channel in this process.

import { Cluster, Redis } from 'ioredis';
import { parseJsonObject } from '../../platform/json.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import type { ServerFrame } from './store.js';

type Listener = (frame: ServerFrame) => void;

export class RoomChannels {
  private subscriber: Redis | undefined;
  private nodeTurn = 0;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly redis: RedisClient) {}

  async publish(channel: string, frame: ServerFrame): Promise<void> {
    await withRedis(() => this.redis.publish(channel, JSON.stringify(frame)));
  }

  /**
   * The subscriber connection. For a cluster, a plain connection to one of its nodes (a PUBLISH
   * reaches the subscribers on every node), not ioredis's cluster subscriber: that one can send its
   * ready check (INFO) after a SUBSCRIBE is on the wire, Redis refuses INFO in subscriber mode, and
   * the dropped connection takes the subscription with it (seen in the tests: a player who never
   * hears of their room). A node that stays away is given up for the next, where every channel is
   * subscribed again.
   */
  private async connection(): Promise<Redis> {
    if (this.subscriber) return this.subscriber;
    // A cluster client learns its nodes when it connects: give a new one up to a second.
    if (this.redis instanceof Cluster && this.redis.nodes('all').length === 0)
      await readyWithin(this.redis, 1000);
    if (this.subscriber) return this.subscriber;
    let sub: Redis;
    if (this.redis instanceof Cluster) {
      const nodes = this.redis.nodes('all');
      const node = nodes[this.nodeTurn++ % Math.max(nodes.length, 1)];
      if (!node) throw new Error('the Redis Cluster has no known node yet');
      sub = new Redis({
        ...node.options,
        lazyConnect: false,
        retryStrategy: (attempt) => (attempt > 5 ? null : attempt * 200),
      });
      sub.once('end', () => {
        if (this.subscriber !== sub) return;
        this.subscriber = undefined;
        const channels = [...this.listeners.keys()];
        if (channels.length > 0)
          void withRedis(async () => (await this.connection()).subscribe(...channels)).catch(() => undefined);
      });
    } else {
      sub = this.redis.duplicate();
    }
    sub.on('error', () => {});
    sub.on('message', (channel: string, message: string) => {
      const frame = parseJsonObject(message) as ServerFrame | undefined;
      if (!frame) return;
      for (const listener of this.listeners.get(channel) ?? []) listener(frame);
    });
    this.subscriber = sub;
    return sub;
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener);
    if (set.size === 1) await withRedis(async () => (await this.connection()).subscribe(channel));
    return async () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        const sub = this.subscriber;
        if (sub) await withRedis(() => sub.unsubscribe(channel)).catch(() => undefined);
      }
    };
  }

  close(): void {
    this.listeners.clear();
    const sub = this.subscriber;
    this.subscriber = undefined;
    sub?.disconnect();
  }
}

function readyWithin(client: Cluster, ms: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.once('ready', done);
  });
}
