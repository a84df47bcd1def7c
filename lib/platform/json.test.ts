import { describe, expect, it } from 'vitest';
import { parseJsonObject } from './json.js';

describe('parseJsonObject', () => {
  it('returns a plain object', () => {
    expect(parseJsonObject('{"a":1,"b":{"c":[2]}}')).toEqual({ a: 1, b: { c: [2] } });
  });

  it.each(['', 'not json', '[1,2]', '"text"', '5', 'null', 'true', '{"a":'])(
    'returns undefined for %j',
    (text) => {
      expect(parseJsonObject(text)).toBeUndefined();
    },
  );
});
