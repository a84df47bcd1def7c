// Drawings ("一笔到底"): a drawing is the serialized canvas actions of one user. Saving with a
// client id is idempotent for that user and never touches another user's drawing.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Drawing, DrawingSummary as DrawingView, Page, SavedDrawing } from '../../../contract/wire.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import { displayText } from '../../platform/http/display-text.js';
import { type listQuery, pageOf, positionCursor, positionOf } from '../../platform/http/pagination.js';
import type { DrawingStore, DrawingSummary } from '../../stores/drawing/store.js';
import type { Owner } from '../../stores/owner.js';
import type { AuthContext } from '../auth/sessions.js';
import { actionsSchema } from './actions.js';

export const DRAWING_BODY_LIMIT = 1024 * 1024;
const DRAWING_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const saveBody = z.object({
  actions: actionsSchema,
  title: displayText({ min: 0, max: 100, trim: false }).optional(),
  id: z.string().regex(DRAWING_ID, 'must be 8..64 of [A-Za-z0-9_-]').optional(),
});

export const idParams = z.object({ id: z.string().regex(DRAWING_ID, 'not a drawing id') });

export interface DrawingDeps {
  drawings: DrawingStore;
  clock: Clock;
}

const ownerOf = ({ appId, openId }: AuthContext): Owner => ({ appId, openId });

/** A route's warm-up: the drawings collection ready while the session is checked. */
export const warmDrawings = (deps: DrawingDeps): Promise<void> => deps.drawings.ensureIndexes();

const view = (d: DrawingSummary): DrawingView => ({
  id: d.id,
  title: d.title,
  createdAt: d.createdAt.toISOString(),
  actionCount: d.actionCount,
});

export async function saveDrawing(
  deps: DrawingDeps,
  session: AuthContext,
  body: z.output<typeof saveBody>,
): Promise<{ status: number; data: SavedDrawing }> {
  const drawing = {
    id: body.id ?? randomBytes(12).toString('base64url'),
    title: body.title ?? '',
    actions: body.actions,
    actionCount: body.actions.length,
    createdAt: new Date(deps.clock.now()),
  };
  const { drawing: saved, created } = await deps.drawings.save(ownerOf(session), drawing);
  return { status: created ? 201 : 200, data: { id: saved.id, createdAt: saved.createdAt.toISOString() } };
}

export async function listDrawings(
  deps: Pick<DrawingDeps, 'drawings'>,
  session: AuthContext,
  query: z.output<typeof listQuery>,
): Promise<Page<DrawingView>> {
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor, DRAWING_ID);
  const found = await deps.drawings.list(ownerOf(session), { limit: query.limit + 1, after });
  return pageOf(found, query.limit, view, positionCursor);
}

export async function getDrawing(
  deps: Pick<DrawingDeps, 'drawings'>,
  session: AuthContext,
  id: string,
): Promise<Drawing> {
  const drawing = await deps.drawings.get(ownerOf(session), id);
  if (!drawing) throw new NotFoundError('no such drawing');
  return { ...view(drawing), actions: drawing.actions };
}

export async function deleteDrawing(
  deps: Pick<DrawingDeps, 'drawings'>,
  session: AuthContext,
  id: string,
): Promise<void> {
  if (!(await deps.drawings.delete(ownerOf(session), id))) throw new NotFoundError('no such drawing');
}
