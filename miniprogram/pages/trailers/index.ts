// 预告片: the catalogue, paged, with covers; tap one for its page.
import type { Video } from 'weapp-scf-client';
import { api, showError } from '../../api';

Component({
  data: { videos: [] as Video[], cursor: null as string | null, done: false, loading: false },
  methods: {
    onLoad() {
      return this.more();
    },
    async onPullDownRefresh() {
      this.setData({ videos: [], cursor: null, done: false });
      await this.more();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.more();
    },
    async more() {
      if (this.data.loading || this.data.done) return;
      this.setData({ loading: true });
      try {
        const page = await api.videos.list({
          limit: 10,
          ...(this.data.cursor ? { cursor: this.data.cursor } : {}),
        });
        this.setData({
          videos: [...this.data.videos, ...page.items],
          cursor: page.nextCursor,
          done: !page.nextCursor,
        });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    open(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const video = this.data.videos.find((v) => v.id === e.currentTarget.dataset.id);
      if (!video) return;
      const query = [
        `vid=${encodeURIComponent(video.id)}`,
        `title=${encodeURIComponent(video.title)}`,
        `src=${encodeURIComponent(video.videoUrl)}`,
        `cover=${encodeURIComponent(video.coverUrl)}`,
      ];
      wx.navigateTo({ url: `/pages/trailer/index?${query.join('&')}` });
    },
  },
});
