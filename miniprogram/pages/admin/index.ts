// 审核台: the moderation desk for the mini program's moderators (WX_APPS[].admins / WX_ADMINS): the
// comments of one status, newest first, with 显示 / 隐藏 / 删除, and the audit trail. Reached from
// 我的, which shows the way in only when /admin answers (it answers 404 to everyone else).
import { api, showError } from '../../api';

export interface AdminComment {
  id: string;
  vid: string;
  content: string;
  status: 'review' | 'visible' | 'hidden';
  author: { nickName: string };
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
    audit: [] as AuditItem[],
    statuses: ['review', 'visible', 'hidden'],
  },
  methods: {
    onLoad() {
      return this.refresh();
    },
    async refresh() {
      try {
        const [queue, audit] = await Promise.all([
          api.request<Page<AdminComment>>({
            path: '/admin/comments',
            query: { status: this.data.status, limit: 50 },
          }),
          api.request<Page<AuditItem>>({ path: '/admin/audit', query: { limit: 20 } }),
        ]);
        this.setData({ comments: queue.items, audit: audit.items });
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
    async setStatus(
      e: WechatMiniprogram.TouchEvent<
        Record<string, never>,
        Record<string, never>,
        { id: string; status: string }
      >,
    ) {
      const { id, status } = e.currentTarget.dataset;
      try {
        // PUT: wx.request cannot send PATCH.
        await api.request({
          path: `/admin/comments/${encodeURIComponent(id)}`,
          method: 'PUT',
          data: { status },
        });
        await this.refresh();
      } catch (err) {
        showError(err);
      }
    },
    async remove(
      e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>,
    ) {
      try {
        await api.request({
          path: `/admin/comments/${encodeURIComponent(e.currentTarget.dataset.id)}`,
          method: 'DELETE',
        });
        await this.refresh();
      } catch (err) {
        showError(err);
      }
    },
  },
});
