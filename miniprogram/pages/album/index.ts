// 相册: the user's images as a grid, paged (pull down to refresh, scroll to load more); add with
// wx.chooseMedia; tap to preview and swipe (wx.previewImage); long-press to save or delete.
import type { AlbumImage } from 'weapp-scf-client';
import { api, showError } from '../../api';
import { uploadToAlbum } from '../../files';

const PAGE = 24;

Component({
  data: { items: [] as AlbumImage[], cursor: null as string | null, done: false, loading: false },
  methods: {
    onLoad() {
      return this.reload();
    },
    async onPullDownRefresh() {
      await this.reload();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.more();
    },
    async reload() {
      this.setData({ items: [], cursor: null, done: false });
      await this.more();
    },
    async more() {
      if (this.data.loading || this.data.done) return;
      this.setData({ loading: true });
      try {
        const page = await api.album.list({
          limit: PAGE,
          ...(this.data.cursor ? { cursor: this.data.cursor } : {}),
        });
        this.setData({
          items: [...this.data.items, ...page.items],
          cursor: page.nextCursor,
          done: page.nextCursor === null,
        });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    choose() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: async (res) => {
          const file = res.tempFiles[0];
          if (!file) return;
          wx.showLoading({ title: '上传中' });
          try {
            await uploadToAlbum(file.tempFilePath);
            await this.reload();
          } catch (err) {
            showError(err);
          } finally {
            wx.hideLoading();
          }
        },
      });
    },
    preview(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.previewImage({ current: e.currentTarget.dataset.url, urls: this.data.items.map((i) => i.url) });
    },
    act(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { name: string }>) {
      const image = this.data.items.find((i) => i.name === e.currentTarget.dataset.name);
      if (!image) return;
      wx.showActionSheet({
        itemList: ['保存到手机相册', '删除'],
        success: ({ tapIndex }) => (tapIndex === 0 ? this.save(image) : this.remove(image)),
      });
    },
    save(image: AlbumImage) {
      wx.downloadFile({
        url: image.url,
        success: ({ tempFilePath, statusCode }) => {
          if (statusCode !== 200) return wx.showToast({ title: '下载失败', icon: 'none' });
          wx.saveImageToPhotosAlbum({
            filePath: tempFilePath,
            success: () => wx.showToast({ title: '已保存', icon: 'success' }),
            fail: () => wx.showToast({ title: '没有保存（需要相册权限）', icon: 'none' }),
          });
        },
        fail: () => wx.showToast({ title: '网络不可用，请稍后重试', icon: 'none' }),
      });
    },
    async remove(image: AlbumImage) {
      try {
        await api.album.delete(image.name);
        this.setData({ items: this.data.items.filter((i) => i.name !== image.name) });
      } catch (err) {
        showError(err);
      }
    },
  },
});
