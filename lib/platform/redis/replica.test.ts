import { Command, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { replicaCommand, routeReads } from './replica.js';

describe('routeReads', () => {
  const [master, one, two] = [0, 1, 2].map(() => new Redis({ lazyConnect: true })) as [Redis, Redis, Redis];

  it('sends a marked read to the replicas of its slot', () => {
    expect(routeReads([master, one, two], replicaCommand('hmget', ['k', 'f']))).toEqual([one, two]);
  });

  it('keeps every other read on the master, and a marked one where the slot has no replica', () => {
    expect(routeReads([master, one], new Command('hmget', ['k', 'f']))).toBe(master);
    expect(routeReads([master, one], new Command('get', ['k']))).toBe(master);
    expect(routeReads([master], replicaCommand('hmget', ['k', 'f']))).toBe(master);
  });
});
