// One keep-alive agent per upstream origin (WeChat's API, the bucket, a test's fake), made on its
// first call: a warm container reuses its connections instead of a TCP + TLS handshake per call.
// A free socket is closed after FREE_SOCKET_TIMEOUT_MS idle, well inside the idle timeouts of the
// servers called (nginx's default is 75 s), so one is rarely closed under us; when it is (an SCF
// instance frozen between invocations wakes with sockets the server has dropped), httpCall retries
// once on a fresh socket.
import type { Agent } from 'node:http';

export const FREE_SOCKET_TIMEOUT_MS = 4000;
const MAX_SOCKETS = 64;
const MAX_FREE_SOCKETS = 16;

type AgentModule = { Agent: new (options: import('node:https').AgentOptions) => Agent };

const agents = new Map<string, Agent>();

export function agentFor(origin: string, module: AgentModule): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new module.Agent({
      keepAlive: true,
      // For a free socket, how long it may idle before it is closed (node's Agent destroys it).
      timeout: FREE_SOCKET_TIMEOUT_MS,
      maxSockets: MAX_SOCKETS,
      maxFreeSockets: MAX_FREE_SOCKETS,
      // The most recently used socket first: the one least likely to have been dropped.
      scheduling: 'lifo',
    });
    agents.set(origin, agent);
  }
  return agent;
}

/** Closes an agent's idle sockets: after one proved stale, its older siblings are no better. */
export function dropFreeSockets(agent: Agent): void {
  for (const sockets of Object.values(agent.freeSockets))
    for (const socket of sockets ?? []) socket.destroy();
}

/** An error of a request on a socket the server had closed while it was idle. */
export function isStaleSocketError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED';
}
