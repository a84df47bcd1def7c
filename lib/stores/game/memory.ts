// The embedded GameStore: the same contract as Redis, for one dev-server process.
import { EventEmitter } from 'node:events';
import type { Clock } from '../../platform/clock.js';
import { type Standing, scoreRound } from './rules.js';
import type { Choice, GameStore, Player, Room, ServerFrame, Settlement } from './store.js';

/** The embedded GameStore: the same contract, for one dev-server process. */
export class MemoryGameStore implements GameStore {
  private readonly rooms = new Map<string, Room>();
  private readonly playerRoom = new Map<string, string>();
  private readonly waiting: string[] = [];
  private readonly choices = new Map<string, Map<string, Choice>>();
  private readonly standings = new Map<string, Map<string, Standing>>();
  private readonly alive = new Map<string, number>();
  private readonly bus = new EventEmitter().setMaxListeners(0);

  constructor(private readonly clock: Clock) {}

  async join(player: Player, newRoomId: string): Promise<Room> {
    const current = this.playerRoom.get(player.uid);
    const mine = current ? this.rooms.get(current) : undefined;
    if (mine && mine.state !== 'closed') return structuredClone(mine);
    while (this.waiting.length > 0) {
      const room = this.rooms.get(this.waiting.shift()!);
      if (
        room &&
        room.state === 'waiting' &&
        room.players.length === 1 &&
        room.players[0]!.uid !== player.uid
      ) {
        room.players.push(player);
        room.state = 'full';
        this.playerRoom.set(player.uid, room.id);
        return structuredClone(room);
      }
    }
    const room: Room = { id: newRoomId, players: [player], state: 'waiting', round: 0, deadline: 0 };
    this.rooms.set(room.id, room);
    this.waiting.push(room.id);
    this.playerRoom.set(player.uid, room.id);
    return structuredClone(room);
  }

  async fillWithRobot(roomId: string, robot: Player): Promise<Room | null> {
    const room = this.rooms.get(roomId);
    if (room?.state !== 'waiting' || room.players.length !== 1) return null;
    room.players.push(robot);
    room.state = 'full';
    this.waiting.splice(this.waiting.indexOf(roomId), 1);
    return structuredClone(room);
  }

  async leave(uid: string): Promise<Room | null> {
    const roomId = this.playerRoom.get(uid);
    this.playerRoom.delete(uid);
    const room = roomId ? this.rooms.get(roomId) : undefined;
    if (!room || room.state === 'closed') return null;
    room.players = room.players.filter((p) => p.uid !== uid);
    room.state = 'closed';
    const index = this.waiting.indexOf(room.id);
    if (index >= 0) this.waiting.splice(index, 1);
    for (const p of room.players) if (this.playerRoom.get(p.uid) === room.id) this.playerRoom.delete(p.uid);
    return this.drop(room);
  }

  /** A closed room is forgotten at once, with its scores and choices; answered one last time. */
  private drop(room: Room): Room {
    this.rooms.delete(room.id);
    this.standings.delete(room.id);
    this.choices.delete(`${room.id}:${room.round}`);
    return structuredClone(room);
  }

  async startRound(roomId: string, now: number, gameTimeMs: number): Promise<Room | null> {
    const room = this.rooms.get(roomId);
    if (room?.state !== 'full') return null;
    room.state = 'playing';
    room.round += 1;
    room.deadline = now + gameTimeMs;
    return structuredClone(room);
  }

  async choose(roomId: string, round: number, uid: string, choice: Choice, now: number): Promise<boolean> {
    const room = this.rooms.get(roomId);
    if (room?.state !== 'playing' || room.round !== round || now >= room.deadline) return false;
    if (!room.players.some((p) => p.uid === uid)) return false;
    const key = `${roomId}:${round}`;
    if (!this.choices.has(key)) this.choices.set(key, new Map());
    this.choices.get(key)!.set(uid, choice);
    return true;
  }

  async settle(roomId: string, round: number, robotChoice: Choice): Promise<Settlement | null> {
    const room = this.rooms.get(roomId);
    if (room?.state !== 'playing' || room.round !== round) return null;
    const now = this.clock.now();
    const dead = room.players.filter((p) => !p.robot && (this.alive.get(p.uid) ?? 0) < now);
    if (dead.length > 0) {
      room.players = room.players.filter((p) => !dead.includes(p));
      room.state = 'closed';
      for (const p of [...room.players, ...dead])
        if (this.playerRoom.get(p.uid) === room.id) this.playerRoom.delete(p.uid);
      return { room: this.drop(room), closed: structuredClone(room.players) };
    }
    const chosen = this.choices.get(`${roomId}:${round}`) ?? new Map<string, Choice>();
    this.choices.delete(`${roomId}:${round}`);
    const standings = this.standings.get(roomId) ?? new Map<string, Standing>();
    this.standings.set(roomId, standings);
    const results = scoreRound(
      room.players.map((p) => ({
        uid: p.uid,
        choice: p.robot ? robotChoice : (chosen.get(p.uid) ?? null),
        before: standings.get(p.uid) ?? { totalScore: 0, winStreak: 0 },
      })),
    );
    for (const r of results) standings.set(r.uid, { totalScore: r.totalScore, winStreak: r.winStreak });
    room.state = 'full';
    return { room: structuredClone(room), results };
  }

  async heartbeat(uids: readonly string[], ttlMs: number): Promise<void> {
    const now = this.clock.now();
    for (const [uid, until] of this.alive) if (until < now) this.alive.delete(uid);
    for (const uid of uids) this.alive.set(uid, now + ttlMs);
  }

  async waitingCount(): Promise<number> {
    return this.waiting.length;
  }

  async publish(roomId: string, frame: ServerFrame): Promise<void> {
    const copy = structuredClone(frame);
    setImmediate(() => this.bus.emit(roomId, copy));
  }

  async subscribe(roomId: string, listener: (frame: ServerFrame) => void): Promise<() => Promise<void>> {
    this.bus.on(roomId, listener);
    return async () => {
      this.bus.off(roomId, listener);
    };
  }

  endSession(sessionUuid: string, frame: ServerFrame): Promise<void> {
    return this.publish(`session:${sessionUuid}`, frame);
  }

  subscribeSession(
    sessionUuid: string,
    listener: (frame: ServerFrame) => void,
  ): Promise<() => Promise<void>> {
    return this.subscribe(`session:${sessionUuid}`, listener);
  }

  async close(): Promise<void> {
    this.bus.removeAllListeners();
  }
}
