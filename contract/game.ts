// The game's WebSocket frames: JSON text {"type", ...}, in both directions.

export interface Player {
  uid: string;
  nickName: string;
  avatarUrl: string;
  robot?: true;
}

/** 1 rock, 2 scissors, 3 paper. */
export type Choice = 1 | 2 | 3;

export interface RoundResult {
  uid: string;
  choice: Choice | null;
  roundScore: number;
  totalScore: number;
  winStreak: number;
}

export type ClientFrame =
  | {
      type: 'hello';
      user?: { nickName?: string; avatarUrl?: string };
      coordinate?: { latitude: number; longitude: number };
    }
  | { type: 'join' }
  | { type: 'leave' }
  | { type: 'choice'; value: Choice }
  | { type: 'face'; value: string };

export type ServerFrame =
  | { type: 'hi'; message: string; nearby: number }
  | { type: 'room'; roomId: string; users: Player[]; full: boolean }
  | { type: 'start'; roomId: string; round: number; gameTime: number; users: Player[] }
  | { type: 'movement'; uid: string; choice?: true; face?: string }
  | { type: 'result'; roomId: string; round: number; results: RoundResult[] }
  | { type: 'error'; error: string; message: string };
