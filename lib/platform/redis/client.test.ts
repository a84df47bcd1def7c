import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors.js';
import { withRedis } from './client.js';

describe('withRedis', () => {
  it('passes a result through', async () => {
    expect(await withRedis(async () => 'OK')).toBe('OK');
  });

  it("keeps Redis's own answer (a ReplyError) as it is", async () => {
    const reply = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
    await expect(withRedis(async () => Promise.reject(reply))).rejects.toBe(reply);
    // Its class, not its name, is what counts (a minified bundle may rename classes).
    const lookalike = Object.assign(new Error('WRONGTYPE'), { name: 'ReplyError' });
    await expect(withRedis(async () => Promise.reject(lookalike))).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('turns a connection failure or a timeout into ERR_SERVICE_UNAVAILABLE', async () => {
    const err = await withRedis(async () => Promise.reject(new Error('Command timed out'))).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.status).toBe(503);
  });

  it.each([
    'MOVED 3999 127.0.0.1:6381',
    'ASK 3999 127.0.0.1:6381',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'CLUSTERDOWN The cluster is down',
    "CROSSSLOT Keys in request don't hash to the same slot",
    'MASTERDOWN Link with MASTER is down',
  ])('turns the cluster answer %j into ERR_SERVICE_UNAVAILABLE', async (message) => {
    const reply = new ReplyError(message);
    const err = await withRedis(async () => Promise.reject(reply)).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.cause).toBe(reply);
  });
});
