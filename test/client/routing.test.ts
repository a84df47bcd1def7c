// The client's route table (which function serves a path) against the functions themselves: every
// route each function declares maps to that function, so `functionUrls` sends each call to the
// Function URL that serves it.
import { describe, expect, it } from 'vitest';
import { baseFor, functionOf } from '../../client/src/index.js';
import { FUNCTION_NAMES, loadFunction } from '../../functions/registry.js';

describe('functionOf', () => {
  // wx-push is called by WeChat's servers (message push), never by the mini program.
  it.each(FUNCTION_NAMES.filter((n) => n !== 'wx-push'))('maps every route of %s to it', async (name) => {
    const { routes } = await loadFunction(name);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      // Old SDKs' doors (/wafer/..., /weapp/..., /mina...) are not the client's; the contract's are.
      if (/^\/(wafer|weapp|mina)/.test(route.path)) continue;
      const path = route.path.replace(/\{[^}]+\}/g, 'x');
      expect(functionOf(path), `${route.method} ${route.path}`).toBe(name);
    }
  });

  it('sends the game to its own function, and nothing else by accident', () => {
    expect(functionOf('/game')).toBe('game');
    expect(functionOf('/authx')).toBeUndefined();
    expect(functionOf('/albums')).toBeUndefined();
  });

  it("uses the function's own URL when given, else the base URL", () => {
    const urls = { 'draw-save': 'https://draw.example.com/' };
    expect(baseFor('/drawings/abc', 'http://localhost:3000/', urls)).toBe('https://draw.example.com');
    expect(baseFor('/auth', 'http://localhost:3000/', urls)).toBe('http://localhost:3000');
  });
});
