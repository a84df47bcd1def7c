// Reads from Redis Cluster replicas, for the one read that is worth it: the session check, every
// authenticated call's first step. A replica trails its master by the replication lag, so the
// reads stay correct only with the other half: whoever ends a session waits until every replica of
// that slot has the end (WAIT), and answers 503 when they have not within the time allowed.
// Everything else keeps reading from the masters: it decides on what it reads.
import calculateSlot from 'cluster-key-slot';
import { Cluster, Command, type Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors.js';
import { describeError, log } from '../log.js';
import type { RedisClient } from './client.js';

/** Marks a command the client may send to a replica (see `routeReads`). */
const REPLICA_OK = Symbol('weapp-scf.replicaOk');

/** A read the client may send to a replica. */
export function replicaCommand(name: string, args: string[]): Command {
  const command = new Command(name, args, { replyEncoding: 'utf8', readOnly: true });
  Object.defineProperty(command, REPLICA_OK, { value: true });
  return command;
}

/** ioredis's `scaleReads` for a cluster with replica reads on: marked commands go to the slot's
 * replicas (one at random), everything else to its master. */
export function routeReads(nodes: Redis[], command: Command): Redis | Redis[] {
  const replicas = nodes.slice(1);
  return REPLICA_OK in command && replicas.length > 0 ? replicas : nodes[0]!;
}

/** How long a replica's word that its link to the master is up is trusted: less than the wait of a
 * logout (REPLICA_WAIT_MS), so a check that starts after a logout failed for a cut link asks anew. */
export const LINK_CHECK_MS = 250;
const links = new WeakMap<Cluster, Map<string, { up: Promise<boolean>; at: number }>>();

/** Whether the replica `node` (host:port) is linked to its master (ROLE: connected), asked at most
 * once per LINK_CHECK_MS per client; no answer is a no. A replica cut off from its master still
 * serves what it had (a session whose end it never heard of), so it is read from only while linked. */
function linked(client: Cluster, node: string): Promise<boolean> {
  const cache = links.get(client) ?? new Map<string, { up: Promise<boolean>; at: number }>();
  links.set(client, cache);
  const known = cache.get(node);
  if (known && performance.now() - known.at < LINK_CHECK_MS) return known.up;
  const replica = client.nodes('slave').find((n) => `${n.options.host}:${n.options.port}` === node);
  const up = replica
    ? replica.call('ROLE').then(
        (role) => Array.isArray(role) && role[0] === 'slave' && role[3] === 'connected',
        () => false,
      )
    : Promise.resolve(false);
  cache.set(node, { up, at: performance.now() });
  return up;
}

/** Whether every replica of `key`'s slot is linked to its master (see `linked`). */
async function replicasLinked(client: RedisClient, key: string): Promise<boolean> {
  if (!(client instanceof Cluster)) return false;
  const [, ...replicas] = client.slots[calculateSlot(key)] ?? [];
  if (replicas.length === 0) return false;
  return (await Promise.all(replicas.map((node) => linked(client, node)))).every(Boolean);
}

/**
 * HMGET from one of the key's replicas; from the master when the client reads only from masters,
 * when a replica of the slot is cut off from its master, or when the replica does not answer (so a
 * frozen replica costs one command timeout, not a 503).
 */
export async function hmgetFromReplica(
  client: RedisClient,
  replicaReads: boolean,
  key: string,
  fields: readonly string[],
): Promise<(string | null)[]> {
  if (!replicaReads || !(await replicasLinked(client, key))) return client.hmget(key, ...fields);
  try {
    return (await client.sendCommand(replicaCommand('hmget', [key, ...fields]))) as (string | null)[];
  } catch (err) {
    log('warn', 'redis replica read failed; reading from the master', describeError(err));
    return client.hmget(key, ...fields);
  }
}

/** How long an ended session may take to reach every replica before the end answers 503. */
export const REPLICA_WAIT_MS = 500;

/**
 * After a write that must not be read back stale (a session ended): waits until every replica of
 * the key's slot has it. The write must have gone out on the same client just before (WAIT counts
 * the writes of the connection it is sent on: the master's, shared by the cluster client).
 */
export async function awaitReplicas(client: RedisClient, replicaReads: boolean, key: string): Promise<void> {
  if (!replicaReads || !(client instanceof Cluster)) return;
  const slot = calculateSlot(key);
  const [master, ...replicas] = client.slots[slot] ?? [];
  if (!master || replicas.length === 0) return;
  const node = client.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === master);
  if (!node) throw new ServiceUnavailableError('Redis', new Error(`no connection to master ${master}`));
  const acknowledged = Number(await node.call('WAIT', replicas.length, REPLICA_WAIT_MS));
  if (acknowledged < replicas.length) {
    // A replica that did not take the write is not trusted for reads until it says it is linked.
    links.get(client)?.clear();
    throw new ServiceUnavailableError(
      'Redis',
      new Error(
        `only ${acknowledged} of ${replicas.length} replicas acknowledged within ${REPLICA_WAIT_MS} ms`,
      ),
    );
  }
}
