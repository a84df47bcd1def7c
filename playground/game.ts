// The playground's game page: logs in with the client, then plays over the /game WebSocket (the
// session goes in the query, as browsers cannot set WebSocket headers).
import { createClient } from '../client/src/index.js';
import { browserWx } from './wx-browser.js';

interface Player {
  uid: string;
  nickName: string;
  robot?: true;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const names = new Map<string, string>();
const CHOICE = ['', '✊', '✌️', '✋'];
let socket: WebSocket | undefined;

const status = (text: string) => {
  $('status').textContent = text;
};
const send = (frame: unknown) => socket?.send(JSON.stringify(frame));

function showUsers(users: Player[]): void {
  for (const u of users) names.set(u.uid, u.robot ? '🤖 机器人' : u.nickName);
  $('users').replaceChildren(
    ...users.map((u) =>
      Object.assign(document.createElement('li'), { textContent: names.get(u.uid) ?? u.uid }),
    ),
  );
}

function onFrame(frame: { type: string; [k: string]: unknown }): void {
  if (frame.type === 'hi') status(String(frame.message));
  else if (frame.type === 'room') {
    showUsers(frame.users as Player[]);
    status(frame.full ? '对手已就位' : '等待对手…（1 秒后机器人入座）');
  } else if (frame.type === 'start') {
    $('round').textContent = `第 ${frame.round} 局：${Number(frame.gameTime) / 1000} 秒内出拳`;
  } else if (frame.type === 'result') {
    const line = (
      frame.results as Array<{
        uid: string;
        choice: number | null;
        roundScore: number;
        totalScore: number;
        winStreak: number;
      }>
    )
      .map(
        (r) =>
          `${names.get(r.uid) ?? r.uid} ${r.choice ? CHOICE[r.choice] : '—'} ${r.roundScore >= 0 ? '+' : ''}${r.roundScore}（总分 ${r.totalScore}，连胜 ${r.winStreak}）`,
      )
      .join(' · ');
    $('results').prepend(
      Object.assign(document.createElement('li'), { textContent: `第 ${frame.round} 局：${line}` }),
    );
  } else if (frame.type === 'error') status(`${frame.error}: ${frame.message}`);
}

$('connect').addEventListener('click', async () => {
  const user = $<HTMLSelectElement>('user').value;
  const client = createClient({
    baseUrl: location.origin,
    wx: browserWx(() => `playground-${user}`),
    storageKey: `weapp-scf:playground:${user}`,
  });
  await client.login();
  const session = client.session()!;
  socket?.close();
  socket = new WebSocket(
    `${location.origin.replace(/^http/, 'ws')}/game?uuid=${session.uuid}&skey=${encodeURIComponent(session.skey)}`,
  );
  socket.onopen = () => send({ type: 'hello' });
  socket.onmessage = (e) => onFrame(JSON.parse(String(e.data)));
  socket.onclose = (e) => status(`连接已关闭 (${e.code})`);
});
$('join').addEventListener('click', () => send({ type: 'join' }));
$('leave').addEventListener('click', () => send({ type: 'leave' }));
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-choice]')) {
  button.addEventListener('click', () => send({ type: 'choice', value: Number(button.dataset.choice) }));
}
