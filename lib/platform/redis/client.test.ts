import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors.js';
import { withRedis } from './client.js';

describe('withRedis', () => {
  it('passes a result through', async () => {
    expect(await withRedis(async () => 'OK')).toBe('OK');
  });

  it("keeps Redis's own answer (a ReplyError) as it is", async () => {
    const reply = Object.assign(new Error('WRONGTYPE'), { name: 'ReplyError' });
    await expect(withRedis(async () => Promise.reject(reply))).rejects.toBe(reply);
  });

  it('turns a connection failure or a timeout into ERR_SERVICE_UNAVAILABLE', async () => {
    const err = await withRedis(async () => Promise.reject(new Error('Command timed out'))).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.status).toBe(503);
  });
});
