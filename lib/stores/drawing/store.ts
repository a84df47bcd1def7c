// DrawingStore: canvas drawings per owner, in MongoDB's `drawings` or in process locally.
// Saving is idempotent per (appId, openId, id), enforced by the store, not by a read-then-write.
import type { DrawingAction } from '../../../contract/wire.js';
import type { Owner } from '../owner.js';
import type { Position } from '../position.js';

export type { DrawingAction, Owner };
export type DrawingPosition = Position;

export interface DrawingSummary {
  id: string;
  title: string;
  createdAt: Date;
  actionCount: number;
}

export interface Drawing extends DrawingSummary {
  actions: DrawingAction[];
}

export interface DrawingStore {
  /** Gets the store ready now (MongoDB: loads the driver, connects, creates the indexes): for npm
   * run migrate, and for a route's warm-up while the session is checked. */
  ensureIndexes(): Promise<void>;
  /** Creates the drawing, or returns the owner's existing one with that id, unchanged. */
  save(owner: Owner, drawing: Drawing): Promise<{ drawing: DrawingSummary; created: boolean }>;
  /** Newest first, strictly after `after` when given. */
  list(
    owner: Owner,
    options: { limit: number; after?: DrawingPosition | undefined },
  ): Promise<DrawingSummary[]>;
  get(owner: Owner, id: string): Promise<Drawing | null>;
  /** True when something was deleted. */
  delete(owner: Owner, id: string): Promise<boolean>;
  /** Deletes every drawing of the owner (an account deleted); how many. */
  deleteAllOf(owner: Owner): Promise<number>;
}
