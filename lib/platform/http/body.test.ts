import { describe, expect, it } from 'vitest';
import { InvalidInputError, PayloadTooLargeError } from '../errors.js';
import { parseJsonBody } from './body.js';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('parseJsonBody', () => {
  it('parses JSON, and an empty body as undefined', () => {
    expect(parseJsonBody(buf('{"a":[1,"😀"]}'), 100)).toEqual({ a: [1, '😀'] });
    expect(parseJsonBody(Buffer.alloc(0), 100)).toBeUndefined();
  });

  it('enforces the limit in bytes', () => {
    expect(parseJsonBody(buf(`"${'x'.repeat(98)}"`), 100)).toHaveLength(98);
    expect(() => parseJsonBody(buf(`"${'x'.repeat(99)}"`), 100)).toThrow(PayloadTooLargeError);
  });

  it.each([
    ['not JSON', buf('{a:1}')],
    ['invalid UTF-8', Buffer.from([0x22, 0xc3, 0x28, 0x22])],
    ['a $ key', buf('{"a":{"b":[{"$gt":1}]}}')],
    ['deep nesting', buf(`${'['.repeat(40)}${']'.repeat(40)}`)],
  ])('rejects %s', (_name, body) => {
    expect(() => parseJsonBody(body, 10_000)).toThrow(InvalidInputError);
  });

  it('survives nesting far deeper than any stack', () => {
    expect(() => parseJsonBody(buf(`${'['.repeat(5000)}${']'.repeat(5000)}`), 100_000)).toThrow(
      /nested deeper/,
    );
  });

  it('allows $ inside values', () => {
    expect(parseJsonBody(buf('{"price":"$5"}'), 100)).toEqual({ price: '$5' });
  });
});
