// 审核台: the moderation desk for the mini program's moderators (WX_APPS[].admins / WX_ADMINS): the
// comments of one status, newest first, with 显示 / 隐藏 / 删除; the album images in review with
// 通过 / 拒绝; and the audit trail. Reached from
// 我的, which shows the way in only when /admin answers (it answers 404 to everyone else).
import { api, showError } from '../../api';

export interface AdminComment {
  id: string;
  vid: string;
  content: string;
  status: 'review' | 'visible' | 'hidden';
  author: { nickName: string };
}
export interface AdminImage {
  name: string;
  status: 'pending' | 'visible' | 'review' | 'rejected';
  owner: string;
  url: string | null;
}
interface AuditItem {
  id: string;
  action: string;
  target: string;
  createdAt: string;
}
type Page<T> = { items: T[]; nextCursor: string | null };

Component({
  data: {
    status: 'review' as AdminComment['status'],
    comments: [] as AdminComment[],
    images: [] as AdminImage[],
    audit: [] as AuditItem[],
    statuses: ['review', 'visible', 'hidden'],
  },
  methods: {
    onLoad() {
      return this.refresh();
    },
    async refresh() {
      try {
        const [queue, images, audit] = await Promise.all([
          api.request<Page<AdminComment>>({
            path: '/admin/comments',
            query: { status: this.data.status, limit: 50 },
          }),
          api.request<Page<AdminImage>>({ path: '/admin/images', query: { status: 'review', limit: 50 } }),
          api.request<Page<AuditItem>>({ path: '/admin/audit', query: { limit: 20 } }),
        ]);
        this.setData({ comments: queue.items, images: images.items, audit: audit.items });
      } catch (err) {
        showError(err);
      }
    },
    pick(
      e: WechatMiniprogram.TouchEvent<
        Record<string, never>,
        Record<string, never>,
        { status: AdminComment['status'] }
      >,
    ) {
      this.setData({ status: e.currentTarget.dataset.status });
      return this.refresh();
    },
    /** One desk action, then the lists again; a failure is shown, not thrown. */
    async act(path: string, method: 'PUT' | 'DELETE', data?: { status: string }) {
      try {
        // PUT, not PATCH: wx.request cannot send PATCH.
        await api.request({ path, method, ...(data ? { data } : {}) });
        await this.refresh();
      } catch (err) {
        showError(err);
      }
    },
    setStatus(
      e: WechatMiniprogram.TouchEvent<
        Record<string, never>,
        Record<string, never>,
        { id: string; status: string }
      >,
    ) {
      const { id, status } = e.currentTarget.dataset;
      return this.act(`/admin/comments/${encodeURIComponent(id)}`, 'PUT', { status });
    },
    /** 通过 (visible: others may see it as an avatar) or 拒绝 (rejected: deleted). */
    decideImage(
      e: WechatMiniprogram.TouchEvent<
        Record<string, never>,
        Record<string, never>,
        { name: string; status: 'visible' | 'rejected' }
      >,
    ) {
      const { name, status } = e.currentTarget.dataset;
      return this.act(`/admin/images/${encodeURIComponent(name)}`, 'PUT', { status });
    },
    remove(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      return this.act(`/admin/comments/${encodeURIComponent(e.currentTarget.dataset.id)}`, 'DELETE');
    },
  },
});
