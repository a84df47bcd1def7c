// A trailer: the <video> and its comments, paged. Post (a 422 from WeChat's check shows as a
// toast), delete your own; a comment still under review is shown only to its author, marked.
import type { Comment } from 'weapp-scf-client';
import { api, showError } from '../../api';

type Shown = Comment & { review?: boolean };

Component({
  data: {
    vid: '',
    title: '',
    src: '',
    cover: '',
    comments: [] as Shown[],
    cursor: null as string | null,
    done: false,
    draft: '',
    posting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const read = (k: string) => decodeURIComponent(query[k] ?? '');
      this.setData({ vid: read('vid'), title: read('title'), src: read('src'), cover: read('cover') });
      wx.setNavigationBarTitle({ title: read('title') || '预告片' });
      return this.more();
    },
    onReachBottom() {
      return this.more();
    },
    async more() {
      if (this.data.done || !this.data.vid) return;
      try {
        const page = await api.comments.list(this.data.vid, {
          limit: 20,
          ...(this.data.cursor ? { cursor: this.data.cursor } : {}),
        });
        this.setData({
          comments: [...this.data.comments, ...page.items],
          cursor: page.nextCursor,
          done: !page.nextCursor,
        });
      } catch (err) {
        showError(err);
      }
    },
    onDraft(e: WechatMiniprogram.Input) {
      this.setData({ draft: e.detail.value });
    },
    async post() {
      const content = this.data.draft.trim();
      if (!content || this.data.posting) return;
      this.setData({ posting: true });
      try {
        const posted = await api.comments.post(this.data.vid, content);
        const shown: Shown = { ...posted, review: posted.status === 'review' };
        this.setData({ comments: [shown, ...this.data.comments], draft: '' });
        if (shown.review) wx.showToast({ title: '已提交，审核通过后他人可见', icon: 'none' });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ posting: false });
      }
    },
    remove(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      wx.showModal({
        title: '删除这条评论？',
        success: async ({ confirm }) => {
          if (!confirm) return;
          try {
            await api.comments.delete(this.data.vid, id);
            this.setData({ comments: this.data.comments.filter((c) => c.id !== id) });
          } catch (err) {
            showError(err);
          }
        },
      });
    },
  },
});
