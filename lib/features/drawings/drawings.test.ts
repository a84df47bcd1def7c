// Drawings on the embedded store: validation of actions, idempotent saves, keyset pages, owners.
import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import { MemoryDrawingStore } from '../../stores/drawing/memory.js';
import type { AuthContext } from '../auth/sessions.js';
import { MAX_ACTIONS } from './actions.js';
import { deleteDrawing, getDrawing, listDrawings, saveBody, saveDrawing } from './drawings.js';

const owner = (openId: string) =>
  ({ appId: 'wx', openId, uuid: 'u', user: { openId }, expiresAt: new Date() }) as AuthContext;
const actions = [{ method: 'lineTo', data: [1, 2, [3, 4], 'red'] }];

function deps() {
  const clock = new SettableClock();
  let t = Date.UTC(2026, 0, 1);
  clock.set(() => t++);
  return { drawings: new MemoryDrawingStore(), clock };
}

describe('saveBody', () => {
  it('accepts well-formed actions', () => {
    expect(saveBody.safeParse({ actions, title: '一笔 🎨', id: 'abcdefgh' }).success).toBe(true);
  });

  it.each([
    ['no actions', { actions: [] }],
    ['too many actions', { actions: Array.from({ length: MAX_ACTIONS + 1 }, () => actions[0]) }],
    ['an unknown field', { actions: [{ method: 'x', data: [], extra: 1 }] }],
    ['a bad method', { actions: [{ method: 'line-to', data: [] }] }],
    ['a non-finite number', { actions: [{ method: 'x', data: [Number.NaN] }] }],
    ['a nested object', { actions: [{ method: 'x', data: [{ a: 1 }] }] }],
    ['a long string', { actions: [{ method: 'x', data: ['x'.repeat(65)] }] }],
    ['a short id', { actions, id: 'abc' }],
    ['a control character in the title', { actions, title: 'a\u0007' }],
  ])('refuses %s', (_, body) => {
    expect(saveBody.safeParse(body).success).toBe(false);
  });
});

describe('drawings', () => {
  it('saves once per client id, lists newest first in pages, opens and deletes only its own', async () => {
    const d = deps();
    const ann = owner('ann');
    const first = await saveDrawing(d, ann, { actions, id: 'drawing-1' });
    expect(first.status).toBe(201);
    expect((await saveDrawing(d, ann, { actions, id: 'drawing-1', title: 'changed' })).status).toBe(200);
    for (let i = 2; i <= 3; i++) await saveDrawing(d, ann, { actions, id: `drawing-${i}` });

    const page1 = await listDrawings(d, ann, { limit: 2 });
    expect(page1.items.map((x) => x.id)).toEqual(['drawing-3', 'drawing-2']);
    const page2 = await listDrawings(d, ann, { limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({
      items: [{ id: 'drawing-1', title: '', actionCount: 1 }],
      nextCursor: null,
    });

    expect((await getDrawing(d, ann, 'drawing-1')).actions).toEqual(actions);
    await expect(getDrawing(d, owner('bob'), 'drawing-1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDrawing(d, owner('bob'), 'drawing-1')).rejects.toBeInstanceOf(NotFoundError);
    await deleteDrawing(d, ann, 'drawing-1');
    await expect(getDrawing(d, ann, 'drawing-1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
