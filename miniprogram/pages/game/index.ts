// 猜拳: one WebSocket to the game with the session (wx.connectSocket), matched with another player
// or, after a second alone, the robot; rounds with choices, scores and streaks; faces; leaving.
import type { ErrorCode } from 'weapp-scf-client';
import { api, describeError, showError } from '../../api';
import { GAME_URL } from '../../config';

/** What the server sends (contract/game.ts), as far as this page reads it. */
interface Player {
  uid: string;
  nickName: string;
  avatarUrl: string;
  robot?: true;
}
interface Result {
  uid: string;
  choice: 1 | 2 | 3 | null;
  roundScore: number;
  totalScore: number;
  winStreak: number;
}
type Frame =
  | { type: 'hi'; nearby: number }
  | { type: 'room'; roomId: string; users: Player[]; full: boolean }
  | { type: 'start'; round: number; gameTime: number; users: Player[] }
  | { type: 'movement'; uid: string; choice?: true; face?: string }
  | { type: 'result'; round: number; results: Result[] }
  | { type: 'error'; error: string; message: string };

export const CHOICES = [
  { value: 1, label: '石头' },
  { value: 2, label: '剪刀' },
  { value: 3, label: '布' },
] as const;

let socket: WechatMiniprogram.SocketTask | null = null;

Component({
  data: {
    status: '未连接',
    connected: false,
    players: [] as Player[],
    round: 0,
    playing: false,
    chosen: 0,
    results: [] as Result[],
    faces: {} as Record<string, string>,
    nearby: 0,
  },
  methods: {
    onUnload() {
      this.leave();
    },
    async connect() {
      if (socket) return;
      try {
        if (!api.session()) await api.login();
        const session = api.session();
        if (!session) throw new Error('not logged in');
        this.setData({ status: '连接中…' });
        const task = wx.connectSocket({
          url: GAME_URL,
          header: { 'x-wx-id': session.uuid, 'x-wx-skey': session.skey },
        });
        socket = task;
        task.onOpen(() => {
          this.setData({ connected: true, status: '等待对手…' });
          this.send({ type: 'join' });
        });
        task.onMessage(({ data }) => {
          try {
            this.onFrame(JSON.parse(String(data)) as Frame);
          } catch {
            // not a frame: ignored
          }
        });
        task.onClose(({ code }) => {
          socket = null;
          this.setData({
            connected: false,
            playing: false,
            status: code === 4001 ? '已在别处退出登录' : '已断开',
          });
        });
        task.onError(() => wx.showToast({ title: '网络不可用，请稍后重试', icon: 'none' }));
      } catch (err) {
        socket = null;
        showError(err);
      }
    },
    send(frame: object) {
      socket?.send({ data: JSON.stringify(frame) });
    },
    onFrame(frame: Frame) {
      switch (frame.type) {
        case 'hi':
          this.setData({ nearby: frame.nearby });
          break;
        case 'room':
          this.setData({ players: frame.users, status: frame.full ? '对手已就位' : '等待对手…' });
          break;
        case 'start':
          this.setData({
            round: frame.round,
            players: frame.users,
            playing: true,
            chosen: 0,
            status: `第 ${frame.round} 局，出拳！`,
          });
          break;
        case 'movement':
          if (frame.face) this.setData({ faces: { ...this.data.faces, [frame.uid]: frame.face } });
          break;
        case 'result':
          this.setData({ results: frame.results, playing: false, status: `第 ${frame.round} 局结束` });
          break;
        case 'error':
          wx.showToast({
            title: describeError({ code: frame.error as ErrorCode, message: frame.message }),
            icon: 'none',
          });
          break;
      }
    },
    choose(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { value: number }>) {
      if (!this.data.playing || this.data.chosen) return;
      const value = Number(e.currentTarget.dataset.value);
      this.setData({ chosen: value });
      this.send({ type: 'choice', value });
    },
    face(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { face: string }>) {
      this.send({ type: 'face', value: e.currentTarget.dataset.face });
    },
    leave() {
      if (!socket) return;
      this.send({ type: 'leave' });
      socket.close({ code: 1000 });
      socket = null;
      this.setData({ connected: false, players: [], results: [], playing: false, status: '已离开' });
    },
  },
});
