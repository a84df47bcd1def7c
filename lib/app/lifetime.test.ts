import { expect, it } from 'vitest';
import { Lifetime } from './lifetime.js';

it('closes what it owns once, newest first, even when one closer fails', async () => {
  const closed: string[] = [];
  const lifetime = new Lifetime();
  expect(lifetime.own('redis', (name) => void closed.push(name))).toBe('redis');
  lifetime.own('broken', () => Promise.reject(new Error('already gone')));
  lifetime.own('mongo', async (name) => void closed.push(name));
  await lifetime.close();
  await lifetime.close();
  expect(closed).toEqual(['mongo', 'redis']);
});
