// The playground: the mini-program client running in a browser against the dev server.
import { type Client, createClient, WeappScfError } from '../client/src/index.js';
import type { Drawing, ImageType } from '../client/src/types.js';
import { refreshAdmin } from './admin.js';
import { recordOn, replay } from './canvas.js';
import { browserWx } from './wx-browser.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const userSelect = $<HTMLSelectElement>('user');
const baseUrl = location.origin;
let client: Client = clientFor(userSelect.value);
let currentVideo: string | undefined;

function clientFor(user: string): Client {
  return createClient({
    baseUrl,
    wx: browserWx(() => `playground-${user}`),
    storageKey: `weapp-scf:playground:${user}`,
  });
}

function el(tag: string, props: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function button(label: string, onClick: () => unknown, testId?: string): HTMLButtonElement {
  const b = el(
    'button',
    { type: 'button', ...(testId ? { 'data-testid': testId } : {}) },
    label,
  ) as HTMLButtonElement;
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    void guarded(onClick);
  });
  return b;
}

async function guarded(run: () => unknown): Promise<void> {
  $('error').textContent = '';
  try {
    await run();
  } catch (err) {
    $('error').textContent = err instanceof WeappScfError ? `${err.code}: ${err.message}` : String(err);
  }
}

async function refreshAll(): Promise<void> {
  const { user } = await client.auth();
  $('who').textContent = `${user.nickName ?? '(无昵称)'} · ${user.openId}`;
  await Promise.all([refreshDrawings(), refreshAlbum(), refreshVideos(), adminDesk()]);
}

async function adminDesk(): Promise<void> {
  await refreshAdmin(client, el, button, async () => {
    await Promise.all([adminDesk(), refreshComments()]);
  });
}

async function refreshDrawings(): Promise<void> {
  const { items } = await client.drawings.list({ limit: 20 });
  $('drawings').replaceChildren(
    ...(items.length === 0
      ? [el('li', { class: 'muted' }, '还没有作品')]
      : items.map((d) =>
          el(
            'li',
            { 'data-testid': 'drawing' },
            button(d.title || '(无标题)', () => openDrawing(d.id), 'open-drawing'),
            el('span', { class: 'muted' }, `${d.actionCount} 步`),
            button('删除', async () => {
              await client.drawings.delete(d.id);
              await refreshDrawings();
            }),
          ),
        )),
  );
}

async function openDrawing(id: string): Promise<void> {
  const drawing: Drawing = await client.drawings.get(id);
  replay($<HTMLCanvasElement>('viewer'), drawing.actions);
  $('viewer').dataset.opened = id;
}

async function refreshAlbum(): Promise<void> {
  const { items } = await client.album.list({ limit: 50 });
  $('album').replaceChildren(
    ...items.map((img) =>
      el(
        'figure',
        { 'data-testid': 'image' },
        el('img', { src: img.url, alt: img.name }),
        // Others see it (as an avatar) only once it passed moderation.
        ...(img.status === 'visible'
          ? []
          : [el('figcaption', { class: 'muted' }, img.status === 'review' ? '审核中' : '待审核')]),
        button(
          '×',
          async () => {
            await client.album.delete(img.name);
            await refreshAlbum();
          },
          'delete-image',
        ),
      ),
    ),
  );
}

async function refreshVideos(): Promise<void> {
  const { items } = await client.videos.list({ limit: 10 });
  currentVideo ??= items[0]?.id;
  $('videos').replaceChildren(
    ...items.map((v) => {
      const li = el(
        'li',
        { class: v.id === currentVideo ? 'active' : '', 'data-testid': 'video' },
        el('img', { src: v.coverUrl, alt: '' }),
        v.title,
      );
      li.addEventListener('click', () => {
        currentVideo = v.id;
        void guarded(async () => {
          await refreshVideos();
        });
      });
      return li;
    }),
  );
  await refreshComments();
}

async function refreshComments(): Promise<void> {
  if (!currentVideo) return;
  const vid = currentVideo;
  const { items } = await client.comments.list(vid, { limit: 20 });
  $('comments').replaceChildren(
    ...(items.length === 0
      ? [el('li', { class: 'muted' }, '还没有评论')]
      : items.map((c) =>
          el(
            'li',
            { 'data-testid': 'comment' },
            el('strong', {}, c.author.nickName),
            c.content,
            ...(c.mine
              ? [
                  el('span', { class: 'mine' }, '我的'),
                  button('删除', async () => {
                    await client.comments.delete(vid, c.id);
                    await refreshComments();
                  }),
                ]
              : []),
          ),
        )),
  );
}

const pad = recordOn($<HTMLCanvasElement>('pad'), () => $<HTMLInputElement>('color').value);

$('login').addEventListener('click', () =>
  guarded(async () => {
    client = clientFor(userSelect.value);
    await client.login();
    await refreshAll();
  }),
);
$('save-nick').addEventListener('click', () =>
  guarded(async () => {
    await client.updateProfile({ nickName: $<HTMLInputElement>('nick').value });
    await refreshAll();
  }),
);
$('export-me').addEventListener('click', () =>
  guarded(async () => {
    // The export as a file the browser saves (我的数据.json).
    const blob = new Blob([JSON.stringify(await client.me.export(), null, 2)], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: '我的数据.json' }) as HTMLAnchorElement;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }),
);
$('delete-me').addEventListener('click', () =>
  guarded(async () => {
    const sure = confirm(
      '注销账号：将永久删除这个用户的资料、手机号、画作、评论、相册图片和游戏记录。确定吗？',
    );
    if (!sure) return;
    await client.me.delete();
    $('who').textContent = '账号已注销';
  }),
);
$('save-drawing').addEventListener('click', () =>
  guarded(async () => {
    if (pad.actions.length === 0) throw new Error('先在画板上画一笔');
    await client.drawings.save({ title: $<HTMLInputElement>('title').value, actions: [...pad.actions] });
    pad.clear();
    await refreshDrawings();
  }),
);
$('clear').addEventListener('click', () => pad.clear());
$('admin-status').addEventListener('change', () => guarded(adminDesk));
$('file').addEventListener('change', () =>
  guarded(async () => {
    const input = $<HTMLInputElement>('file');
    const file = input.files?.[0];
    if (!file) return;
    const url = URL.createObjectURL(file);
    try {
      await client.uploadImage(url, file.type as ImageType, file.size);
    } finally {
      URL.revokeObjectURL(url);
      input.value = '';
    }
    await refreshAlbum();
  }),
);
$('post-comment').addEventListener('click', () =>
  guarded(async () => {
    if (!currentVideo) return;
    await client.comments.post(currentVideo, $<HTMLTextAreaElement>('comment').value);
    $<HTMLTextAreaElement>('comment').value = '';
    await refreshComments();
  }),
);

void guarded(refreshVideos);
