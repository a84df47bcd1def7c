import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../platform/errors.js';
import { log, setLogSink } from '../platform/log.js';
import { phoneKeyOf } from './phone-key.js';

const lines: string[] = [];
const previous = setLogSink((line) => lines.push(line));
afterEach(() => {
  lines.length = 0;
});
afterAll(() => {
  setLogSink(previous);
});

describe('phoneKeyOf', () => {
  it('uses PHONE_KEY and masks it in every log line', () => {
    const key = randomBytes(32);
    expect(phoneKeyOf({ phoneKey: key, onScf: true })()).toBe(key);
    log('info', 'x', { leaked: key.toString('base64') });
    expect(lines.at(-1)).not.toContain(key.toString('base64'));
  });

  it('answers 503 naming PHONE_KEY on SCF without it', () => {
    expect(() => phoneKeyOf({ phoneKey: undefined, onScf: true })()).toThrow(ServiceUnavailableError);
    expect(() => phoneKeyOf({ phoneKey: undefined, onScf: true })()).toThrow(/PHONE_KEY/);
  });

  it('locally, one key for the process, said once in the log', () => {
    const key = phoneKeyOf({ phoneKey: undefined, onScf: false });
    expect(key()).toHaveLength(32);
    expect(key()).toBe(key());
    expect(lines.filter((l) => l.includes('PHONE_KEY is not set'))).toHaveLength(1);
  });
});
