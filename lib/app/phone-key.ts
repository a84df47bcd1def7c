// The key phone numbers are sealed with: PHONE_KEY. Without it, on SCF /phone answers 503 naming the
// variable; locally a key of this process stands in (numbers stored then cannot be read after a
// restart, which the first use says once in the log). The key is masked in every log line.
import { randomBytes } from 'node:crypto';
import type { Config } from '../platform/config/index.js';
import { ServiceUnavailableError } from '../platform/errors.js';
import { log, registerSecret } from '../platform/log.js';

export function phoneKeyOf(config: Pick<Config, 'phoneKey' | 'onScf'>): () => Buffer {
  if (config.phoneKey) {
    registerSecret(config.phoneKey.toString('base64'));
    const key = config.phoneKey;
    return () => key;
  }
  if (config.onScf)
    return () => {
      throw new ServiceUnavailableError('phone numbers (set PHONE_KEY: 32 bytes, base64)');
    };
  let local: Buffer | undefined;
  return () => {
    if (!local) {
      local = randomBytes(32);
      log('warn', 'PHONE_KEY is not set: phone numbers are sealed with a key of this process only');
    }
    return local;
  };
}
