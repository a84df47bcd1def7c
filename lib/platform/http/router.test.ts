import { describe, expect, it } from 'vitest';
import { InvalidInputError, MethodNotAllowedError, NotFoundError } from '../errors.js';
import { compileRoutes } from './router.js';

const match = compileRoutes([
  { method: 'GET', path: '/drawings' },
  { method: 'POST', path: '/drawings' },
  { method: 'GET', path: '/drawings/{id}' },
  { method: 'DELETE', path: '/drawings/{id}' },
  { method: 'DELETE', path: '/videos/{vid}/comments/{id}' },
]);

describe('compileRoutes', () => {
  it('matches literal and parameterised paths, decoding parameters', () => {
    expect(match('GET', '/drawings').route.method).toBe('GET');
    expect(match('DELETE', '/drawings/abc%20d').params).toEqual({ id: 'abc d' });
    expect(match('DELETE', '/videos/v1/comments/c2').params).toEqual({ vid: 'v1', id: 'c2' });
    expect(match('GET', '/drawings/').route.path).toBe('/drawings');
  });

  it('keeps an encoded slash inside one parameter, for the handler to validate', () => {
    expect(match('GET', '/drawings/a%2F..%2Fb').params).toEqual({ id: 'a/../b' });
  });

  it('answers 405 with the allowed methods for a known path', () => {
    try {
      match('PUT', '/drawings/x');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MethodNotAllowedError);
      expect((err as MethodNotAllowedError).headers.allow).toBe('GET, DELETE');
    }
  });

  it.each(['/nope', '/drawings/a/b', '//drawings', '/drawings//x', '/'])('answers 404 for %s', (path) => {
    expect(() => match('GET', path)).toThrow(NotFoundError);
  });

  it('rejects broken percent-encoding in a parameter', () => {
    expect(() => match('GET', '/drawings/%E0%A4%A')).toThrow(InvalidInputError);
  });
});
