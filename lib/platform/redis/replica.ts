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

/**
 * HMGET from one of the key's replicas; from the master when the client reads only from masters,
 * or when the replica does not answer (so a frozen replica costs one command timeout, not a 503).
 */
export async function hmgetFromReplica(
  client: RedisClient,
  replicaReads: boolean,
  key: string,
  fields: readonly string[],
): Promise<(string | null)[]> {
  if (!replicaReads) return client.hmget(key, ...fields);
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
    throw new ServiceUnavailableError(
      'Redis',
      new Error(
        `only ${acknowledged} of ${replicas.length} replicas acknowledged within ${REPLICA_WAIT_MS} ms`,
      ),
    );
  }
}
