// Where the game keeps its state, as Redis keys under `<prefix>game:`. Each script's keys share a
// hash tag, so on a Redis Cluster every script runs on one slot while rooms spread over the masters:
//  - the lobby `{lobby}`: the waiting list and who is in which room (matchmaking must see them
//    together); small, one entry per waiting room and one key per seated player;
//  - a room `{r:<id>}`: its state, scores and the open round's choices (every round's traffic);
//  - a player's heartbeat `alive:<uid>`: one key each, spread by key.
// The same layout serves a standalone Redis, where the tags are just characters.

export interface LobbyKeys {
  /** The list of waiting rooms, entries `<roomId> <ownerUid>`, oldest first. */
  waiting: string;
  /** The id of the room the player is in. */
  player: string;
}

export interface RoomKeys {
  /** The room as JSON (see room.lua.ts). */
  room: string;
  /** The players' totals and streaks, `uid -> total,streak`. */
  score: string;
  /** The open round's choices, `uid -> round,choice`. */
  choice: string;
}

export class GameKeys {
  private readonly p: string;

  constructor(keyPrefix: string) {
    this.p = `${keyPrefix}game:`;
  }

  lobby(uid: string): LobbyKeys {
    return { waiting: `${this.p}{lobby}:waiting`, player: `${this.p}{lobby}:player:${uid}` };
  }

  room(id: string): RoomKeys {
    const tag = `${this.p}{r:${id}}:`;
    return { room: `${tag}room`, score: `${tag}score`, choice: `${tag}choice` };
  }

  alive(uid: string): string {
    return `${this.p}alive:${uid}`;
  }

  /** The pub/sub channel of a room's events (channels are not keys: no slot). */
  roomChannel(id: string): string {
    return `${this.p}room:${id}`;
  }

  sessionChannel(uuid: string): string {
    return `${this.p}session:${uuid}`;
  }
}

/** A waiting-list entry: the room and whose it is (so nobody is matched with themself). */
export const waitingEntry = (roomId: string, ownerUid: string): string => `${roomId} ${ownerUid}`;
