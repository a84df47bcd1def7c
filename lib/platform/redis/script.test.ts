// defineScript's own logic: the generated header names KEYS and ARGV, and calls pass values in
// that order. (Every script's Lua runs against real Redis in the store contract suites.)
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { defineScript } from './script.js';

/** A stand-in with ioredis's defineCommand shape, recording the argument order of each call. */
function recorder() {
  const calls: unknown[][] = [];
  const defined: Array<{ name: string; numberOfKeys: number; lua: string }> = [];
  const client = {
    defineCommand(name: string, def: { numberOfKeys: number; lua: string }) {
      defined.push({ name, ...def });
      (client as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        calls.push(args);
        return 'reply';
      };
    },
  };
  return { client: client as unknown as Redis, calls, defined };
}

const script = defineScript({
  name: 'demo',
  keys: ['session', 'index'],
  args: ['skeyHash', 'now'],
  lua: 'return { session, index, skeyHash, now }',
  decode: (reply) => `decoded ${String(reply)}`,
});

describe('defineScript', () => {
  it('generates named locals for KEYS and ARGV before the body', () => {
    expect(script.lua).toBe(
      [
        'local session = KEYS[1]',
        'local index = KEYS[2]',
        'local skeyHash = ARGV[1]',
        'local now = ARGV[2]',
        'return { session, index, skeyHash, now }',
        '',
      ].join('\n'),
    );
  });

  it('defines the command once per client, passes keys then arguments in order, and decodes', async () => {
    const { client, calls, defined } = recorder();
    const args = { now: 5, skeyHash: 'h' };
    expect(await script.run(client, { index: 'i', session: 's' }, args)).toBe('decoded reply');
    await script.run(client, { index: 'i', session: 's' }, args);
    expect(defined).toEqual([{ name: 'demo', numberOfKeys: 2, lua: script.lua }]);
    expect(calls).toEqual([
      ['s', 'i', 'h', '5'],
      ['s', 'i', 'h', '5'],
    ]);
  });

  it('refuses a name that is not a Lua identifier', () => {
    expect(() =>
      defineScript({ name: 'bad', keys: ['a-b'], args: [], lua: 'return 1', decode: () => undefined }),
    ).toThrow(/not a Lua name/);
  });
});
