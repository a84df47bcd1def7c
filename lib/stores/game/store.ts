// GameStore: rooms, matchmaking, rounds and scores, and the channel that carries a room's events to
// every instance holding one of its players. Redis across SCF instances (one WebSocket connection
// per instance), or in process for the dev server. Every transition is atomic in the store.
import type { Choice, Player, RoundResult, ServerFrame } from '../../../contract/game.js';

export type { Choice, Player, RoundResult, ServerFrame };

export interface Room {
  id: string;
  players: Player[];
  /** waiting: one player, in the matchmaking queue; full: two, between rounds; playing: a round
   * is open until `deadline`; closed: someone left or died, the rest were told. */
  state: 'waiting' | 'full' | 'playing' | 'closed';
  round: number;
  deadline: number;
}

export type Settlement = { room: Room; results: RoundResult[] } | { room: Room; closed: Player[] };

export interface GameStore {
  /** Puts the player in a waiting room, or opens `newRoomId` for them; atomic. Returns their room. */
  join(player: Player, newRoomId: string): Promise<Room>;
  /** Seats `robot` if the room still waits for a second player. */
  fillWithRobot(roomId: string, robot: Player): Promise<Room | null>;
  /** Takes the player out. A room that had others is closed and returned with those left in it. */
  leave(uid: string): Promise<Room | null>;
  /** Opens the next round of a full room; only one caller succeeds. */
  startRound(roomId: string, now: number, gameTimeMs: number): Promise<Room | null>;
  /** Records a choice in the open round (before its deadline). */
  choose(roomId: string, round: number, uid: string, choice: Choice, now: number): Promise<boolean>;
  /**
   * Settles a round at its deadline; only the first caller gets the settlement. If a human player
   * is no longer alive (no heartbeat), the room is closed instead and the others are returned.
   */
  settle(roomId: string, round: number, robotChoice: Choice): Promise<Settlement | null>;
  /** Marks these players' instances alive for `ttlMs`. */
  heartbeat(uids: readonly string[], ttlMs: number): Promise<void>;
  waitingCount(): Promise<number>;
  publish(roomId: string, frame: ServerFrame): Promise<void>;
  /** Listens to a room's events; returns the unsubscribe. */
  subscribe(roomId: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>>;
  /** Tells every instance that this session ended (logout): its sockets hear `frame` and close. */
  endSession(sessionUuid: string, frame: ServerFrame): Promise<void>;
  /** Listens for the end of one session; returns the unsubscribe. */
  subscribeSession(sessionUuid: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>>;
  /** Ends the store's own connections (the Redis subscriber). */
  close(): Promise<void>;
}

export const ROBOT_UID = 'robot';
