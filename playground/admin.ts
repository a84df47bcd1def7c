// The playground's moderation desk (审核台): shown only to a moderator (WX_ADMINS), which the page
// finds out by asking: to anyone else /admin answers 404. The queue of one status with 显示 / 隐藏 /
// 删除, the album images WeChat sent to review with 通过 / 拒绝, and the audit trail.
import { type Client, WeappScfError } from '../client/src/index.js';

interface AdminComment {
  id: string;
  vid: string;
  content: string;
  status: string;
  author: { nickName: string };
}
interface AdminImage {
  name: string;
  status: string;
  owner: string;
  url: string | null;
}
interface AuditItem {
  action: string;
  target: string;
  actor: string;
  createdAt: string;
}
type Page<T> = { items: T[]; nextCursor: string | null };

type El = (tag: string, props?: Record<string, string>, ...children: Array<Node | string>) => HTMLElement;
type Button = (label: string, onClick: () => unknown, testId?: string) => HTMLButtonElement;

export async function refreshAdmin(
  client: Client,
  el: El,
  button: Button,
  onChange: () => Promise<void>,
): Promise<void> {
  const section = document.getElementById('admin') as HTMLElement;
  const status = (document.getElementById('admin-status') as HTMLSelectElement).value;
  let queue: Page<AdminComment>;
  try {
    queue = await client.request<Page<AdminComment>>({
      path: '/admin/comments',
      query: { status, limit: 20 },
    });
  } catch (err) {
    if (err instanceof WeappScfError && err.code === 'ERR_NOT_FOUND') {
      section.hidden = true; // not a moderator
      return;
    }
    throw err;
  }
  section.hidden = false;
  const act = (run: () => Promise<unknown>) => async () => {
    await run();
    await onChange();
  };
  document.getElementById('admin-queue')!.replaceChildren(
    ...(queue.items.length === 0
      ? [el('li', { class: 'muted' }, '没有评论')]
      : queue.items.map((c) =>
          el(
            'li',
            { 'data-testid': 'admin-comment' },
            el('strong', {}, c.author.nickName),
            c.content,
            el('span', { class: 'muted' }, c.status),
            ...(['visible', 'hidden'] as const)
              .filter((status) => status !== c.status)
              .map((status) =>
                button(
                  status === 'visible' ? '显示' : '隐藏',
                  act(() =>
                    client.request({ path: `/admin/comments/${c.id}`, method: 'PUT', data: { status } }),
                  ),
                  status === 'visible' ? 'admin-show' : 'admin-hide',
                ),
              ),
            button(
              '删除',
              act(() => client.request({ path: `/admin/comments/${c.id}`, method: 'DELETE' })),
              'admin-delete',
            ),
          ),
        )),
  );
  const images = await client.request<Page<AdminImage>>({
    path: '/admin/images',
    query: { status: 'review', limit: 20 },
  });
  document.getElementById('admin-images')!.replaceChildren(
    ...(images.items.length === 0
      ? [el('li', { class: 'muted' }, '没有待审图片')]
      : images.items.map((image) =>
          el(
            'li',
            { 'data-testid': 'admin-image' },
            el('img', { src: image.url ?? '', alt: image.name, width: '64' }),
            el('span', { class: 'muted' }, image.owner),
            ...(['visible', 'rejected'] as const).map((status) =>
              button(
                status === 'visible' ? '通过' : '拒绝',
                act(() =>
                  client.request({ path: `/admin/images/${image.name}`, method: 'PUT', data: { status } }),
                ),
                status === 'visible' ? 'admin-image-pass' : 'admin-image-reject',
              ),
            ),
          ),
        )),
  );
  const audit = await client.request<Page<AuditItem>>({ path: '/admin/audit', query: { limit: 10 } });
  document
    .getElementById('admin-audit')!
    .replaceChildren(
      ...audit.items.map((a) =>
        el(
          'li',
          { 'data-testid': 'audit' },
          `${a.createdAt.slice(11, 19)} ${a.action} ${a.target}`,
          el('span', { class: 'muted' }, a.actor),
        ),
      ),
    );
}
