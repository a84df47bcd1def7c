// `npm start` as a newcomer runs it: nothing configured, every function behind one server on the
// embedded defaults, and the README's curl flow works.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { png } from '../support/bucket.js';
import { connect } from '../support/game-client.js';
import { freePort } from '../support/services.js';

const root = join(import.meta.dirname, '../..');
let server: ChildProcess;
let base: string;
let banner = '';
const dataDir = mkdtempSync(join(tmpdir(), 'weapp-scf-start-'));

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    LOCAL_BUCKET_DIR: join(dataDir, 'bucket'),
  };
  server = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stderr?.on('data', (b: Buffer) => {
    banner += b.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${banner}`)), 30_000);
    server.stdout?.on('data', (b: Buffer) => {
      banner += b.toString();
      if (banner.includes('try: curl')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});
afterAll(() => {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

const post = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};

it('prints one banner saying what serves each service and which variables choose a real one', () => {
  expect(banner).toContain(`listening on ${base} (HOST=127.0.0.1, PORT=`);
  expect(banner).toMatch(/Redis +embedded, in process +\[REDIS_URL or REDIS_CLUSTER_NODES\]/);
  expect(banner).toMatch(/MongoDB +embedded, in process +\[MONGO_URL, MONGO_DB\]/);
  expect(banner).toMatch(
    /album bucket local files in .*bucket +\[COS_BUCKET, COS_REGION, COS_SECRET_ID, COS_SECRET_KEY\]/,
  );
  expect(banner).toMatch(
    /WeChat +the dev stub: any code logs in +\[WX_APPID and WX_SECRET, or WX_APPS; WX_API_BASE\]/,
  );
  expect(banner).toMatch(/message push +off +\[WX_PUSH_TOKEN, WX_PUSH_AES_KEY\]/);
  expect(banner).toContain(`open ${base}/ for the playground`);
});

it('explains itself at /: links to the playground and the game, and every route with its function', async () => {
  const res = await fetch(`${base}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const page = await res.text();
  expect(page).toContain('href="/playground/"');
  expect(page).toContain('href="/playground/game.html"');
  expect(page).toContain('href="/docs/api.md"');
  const api = await fetch(`${base}/docs/api.md`);
  expect(api.status).toBe(200);
  expect(await api.text()).toContain('# The API');
  expect((await fetch(`${base}/docs/..%2Fpackage.json`)).status).toBe(404);
  expect((await fetch(`${base}/docs/nothing.md`)).status).toBe(404);
  for (const route of [
    '/login',
    '/me/export',
    '/album/uploads',
    '/videos/{vid}/comments',
    '/wx/push',
    '/game',
  ])
    expect(page).toContain(`<code>${route}</code>`);
});

it('puts x-request-id on every answer: its own 404, 413 and 400, the playground and the bucket', async () => {
  const notFound = await fetch(`${base}/`, { method: 'POST' });
  expect(notFound.status).toBe(404);
  const id = notFound.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(((await notFound.json()) as { requestId: string }).requestId).toBe(id);
  const tooLarge = await fetch(`${base}/drawings`, {
    method: 'POST',
    body: Buffer.alloc(6 * 1024 * 1024 + 10, 32),
  });
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(((await tooLarge.json()) as { requestId: string }).requestId).toBe(
    tooLarge.headers.get('x-request-id'),
  );
  const badTarget = await rawRequest('GET *?x HTTP/1.1');
  expect(badTarget).toMatch(/^HTTP\/1\.1 400/);
  expect(badTarget).toMatch(/x-request-id: [0-9a-f-]{36}/i);
  expect((await fetch(`${base}/playground/`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect((await fetch(`${base}/_bucket/album/x.png`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

/** One raw HTTP/1.1 request line (a target fetch would not send), and the answer's head. */
async function rawRequest(line: string): Promise<string> {
  const { connect: tcp } = await import('node:net');
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = tcp(Number(port), '127.0.0.1', () =>
      socket.write(`${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (b) => (text += b.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

it('serves login, auth and logout with the dev WeChat stub', async () => {
  const login = await post('/login', { code: 'abc' });
  expect(login.status).toBe(200);
  const { uuid, skey, user } = login.json.data;
  const again = await post('/login', { code: 'abc' });
  expect(again.json.data.user.openId).toBe(user.openId);
  expect((await post('/login', { code: 'xyz' })).json.data.user.openId).not.toBe(user.openId);

  const headers = { 'X-WX-Id': uuid, 'X-WX-Skey': skey };
  const authed = await post('/auth', undefined, headers);
  expect(authed.json.data.user).toEqual(user);
  expect(authed.headers.get('x-request-id')).toBeTruthy();
  expect((await post('/logout', undefined, headers)).json.data).toEqual({ loggedOut: true });
  expect((await post('/auth', undefined, headers)).json.error).toBe('ERR_INVALID_SESSION');
});

it('binds, reads and removes a phone number with the dev WeChat stub (a key of the process)', async () => {
  const { uuid, skey } = (await post('/login', { code: 'phone-owner' })).json.data;
  const headers = { 'X-WX-Id': uuid, 'X-WX-Skey': skey };
  const bound = await post('/phone', { code: 'my-phone' }, headers);
  expect(bound.json.data.phone).toEqual({
    masked: expect.stringMatching(/^138\*{4}\d{4}$/),
    countryCode: '86',
  });
  const own = await fetch(`${base}/phone`, { headers });
  const { phone } = ((await own.json()) as { data: { phone: { purePhoneNumber: string } } }).data;
  expect(phone.purePhoneNumber).toMatch(/^138\d{8}$/);
  expect(phone.purePhoneNumber.slice(-4)).toBe(bound.json.data.phone.masked.slice(-4));
  expect((await post('/phone', { code: 'invalid' }, headers)).json.error).toBe('ERR_INVALID_CODE');
  expect((await fetch(`${base}/phone`, { method: 'DELETE', headers })).status).toBe(200);
  expect((await fetch(`${base}/phone`, { headers })).status).toBe(404);
});

it('answers 503 at /wx/push until WX_PUSH_TOKEN is set', async () => {
  const res = await fetch(`${base}/wx/push?signature=x&timestamp=1&nonce=2&echostr=3`);
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: string }).error).toBe('ERR_SERVICE_UNAVAILABLE');
});

it('answers the contract 404 and 405 for paths no function serves', async () => {
  expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  const wrongMethod = await fetch(`${base}/auth`);
  expect(wrongMethod.status).toBe(405);
  expect(await wrongMethod.json()).toMatchObject({ ok: false, error: 'ERR_METHOD_NOT_ALLOWED' });
});

it('uploads a real PNG with curl -F using the signed form, lists, downloads and deletes it', async () => {
  const { uuid, skey } = (await post('/login', { code: 'photographer' })).json.data;
  const headers = { 'X-WX-Id': uuid, 'X-WX-Skey': skey };
  const bytes = png(3000);
  const file = join(dataDir, 'photo.png');
  writeFileSync(file, bytes);
  const signed = await post('/album/uploads', { contentType: 'image/png', size: bytes.length }, headers);
  expect(signed.status).toBe(201);
  const { name, post: form } = signed.json.data;

  // --form-string keeps values literal (a plain -F would read ";" in q-key-time as a separator).
  const fields = Object.entries(form.fields as Record<string, string>).flatMap(([k, v]) => [
    '--form-string',
    `${k}=${v}`,
  ]);
  const status = execFileSync(
    'curl',
    [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      ...fields,
      '-F',
      `file=@${file};type=image/png`,
      form.url,
    ],
    {
      encoding: 'utf8',
    },
  );
  expect(status).toBe('201');

  // The local bucket raised COS's ObjectCreated event; album-check recorded the image, visible at
  // once (the dev stub checks no images).
  type Listed = { data: { items: Array<{ name: string; url: string; status: string }> } };
  let items: Listed['data']['items'] = [];
  await expect
    .poll(async () => {
      items = ((await (await fetch(`${base}/album`, { headers })).json()) as Listed).data.items;
      return items.map((i) => [i.name, i.status]);
    })
    .toEqual([[name, 'visible']]);
  const download = await fetch(items[0]!.url);
  expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

  const deleted = await fetch(`${base}/album/${name}`, { method: 'DELETE', headers });
  expect(await deleted.json()).toEqual({ ok: true, data: { deleted: true } });
});

it('saves, lists, opens and deletes a drawing on the embedded store', async () => {
  const { uuid, skey } = (await post('/login', { code: 'painter' })).json.data;
  const headers = { 'X-WX-Id': uuid, 'X-WX-Skey': skey };
  const actions = [
    { method: 'moveTo', data: [1, 2] },
    { method: 'lineTo', data: [3, 4, '#ff0000', [5, 6]] },
  ];
  const saved = await post('/drawings', { id: 'newcomer-01', title: '第一笔', actions }, headers);
  expect(saved.status).toBe(201);
  expect((await post('/drawings', { id: 'newcomer-01', actions }, headers)).status).toBe(200);
  const list = (await (await fetch(`${base}/drawings`, { headers })).json()) as {
    data: { items: unknown[] };
  };
  expect(list.data.items).toEqual([
    { id: 'newcomer-01', title: '第一笔', createdAt: saved.json.data.createdAt, actionCount: 2 },
  ]);
  const opened = (await (await fetch(`${base}/drawings/newcomer-01`, { headers })).json()) as {
    data: { actions: unknown };
  };
  expect(opened.data.actions).toEqual(actions);
  const deleted = await fetch(`${base}/drawings/newcomer-01`, { method: 'DELETE', headers });
  expect(deleted.status).toBe(200);
});

it('lists the seeded videos, reads comments without a session, logs in and posts one', async () => {
  const videos = (await (await fetch(`${base}/videos`)).json()) as { data: { items: Array<{ id: string }> } };
  expect(videos.data.items.map((v) => v.id)).toContain('sintel');
  const empty = (await (await fetch(`${base}/videos/sintel/comments`)).json()) as {
    data: { items: unknown[] };
  };
  expect(empty.data.items).toEqual([]);
  const { uuid, skey } = (await post('/login', { code: 'critic' })).json.data;
  const posted = await post(
    '/videos/sintel/comments',
    { content: '好片 👍' },
    { 'X-WX-Id': uuid, 'X-WX-Skey': skey },
  );
  expect(posted.status).toBe(201);
  const read = (await (await fetch(`${base}/videos/sintel/comments`)).json()) as {
    data: { items: Array<{ content: string; mine: boolean }> };
  };
  expect(read.data.items).toMatchObject([
    { content: '好片 👍', mine: false, author: { nickName: '微信用户' } },
  ]);
});

it('serves the game WebSocket on the embedded store', async () => {
  expect(banner).toContain(`${base.replace('http', 'ws')}/game`);
  const { uuid, skey } = (await post('/login', { code: 'gamer' })).json.data;
  const player = await connect(`${base.replace('http', 'ws')}/game`, {
    uuid,
    skey,
    headers: { 'X-WX-Id': uuid, 'X-WX-Skey': skey },
    data: {},
  });
  player.send({ type: 'hello' });
  expect((await player.next('hi')).message).toContain('欢迎');
  player.send({ type: 'join' });
  expect(await player.next('room')).toMatchObject({ full: false });
  expect((await player.next('room', (r) => r.full, 3000)).users.map((u) => u.uid)).toContain('robot');
  player.ws.close();
});
