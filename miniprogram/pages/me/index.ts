// 我的: the session on launch, the avatar (chooseAvatar -> album -> /profile), the nickname
// (input type="nickname" -> /profile), logout, 导出我的数据 (GET /me/export, saved as a JSON file
// and handed to wx.shareFileMessage) and 注销账号 (DELETE /me, after a confirmation).
import type { User } from 'weapp-scf-client';
import { api, showError } from '../../api';
import { uploadToAlbum } from '../../files';
import { isModerator } from '../../moderation';

Component({
  // avatarSrc: what the <image> shows: an https avatar as it is; right after choosing one (stored as
  // an album key), the chosen file itself.
  data: { user: null as User | null, avatarSrc: '', busy: false, moderator: false },
  methods: {
    onLoad() {
      return this.refresh();
    },
    async refresh() {
      try {
        const { user } = await api.auth();
        this.setData({
          user,
          avatarSrc: /^https?:/.test(user.avatarUrl ?? '') ? (user.avatarUrl as string) : this.data.avatarSrc,
        });
        this.setData({ moderator: await isModerator() });
      } catch (err) {
        showError(err);
      }
    },
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      this.setData({ busy: true });
      try {
        const key = await uploadToAlbum(e.detail.avatarUrl);
        const { user } = await api.updateProfile({ avatarUrl: key });
        this.setData({ user, avatarSrc: e.detail.avatarUrl });
        wx.showToast({ title: '头像已更新', icon: 'success' });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ busy: false });
      }
    },
    async onNickname(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const nickName = e.detail.value.trim();
      if (!nickName || nickName === this.data.user?.nickName) return;
      try {
        const { user } = await api.updateProfile({ nickName });
        this.setData({ user });
      } catch (err) {
        showError(err);
      }
    },
    async logout() {
      await api.logout();
      this.setData({ user: null, avatarSrc: '', moderator: false });
      wx.showToast({ title: '已退出', icon: 'none' });
    },
    login() {
      return this.refresh();
    },
    openDesk() {
      wx.navigateTo({ url: '/pages/admin/index' });
    },
    async exportData() {
      this.setData({ busy: true });
      try {
        const data = await api.me.export();
        const filePath = `${wx.env.USER_DATA_PATH}/my-data.json`;
        wx.getFileSystemManager().writeFileSync(filePath, JSON.stringify(data, null, 2), 'utf8');
        // Sent to a chat (文件传输助手 keeps it for the user), the only way a file leaves the app.
        wx.shareFileMessage({
          filePath,
          fileName: '我的数据.json',
          fail: () => wx.showToast({ title: '已导出，可稍后再分享', icon: 'none' }),
        });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ busy: false });
      }
    },
    async deleteAccount() {
      const confirmed = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '注销账号',
          content:
            '将永久删除你在本小程序的全部数据：资料、手机号、画作、评论、相册图片和游戏记录。此操作不可撤销。',
          confirmText: '注销',
          confirmColor: '#e64340',
          success: (r) => resolve(r.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!confirmed) return;
      this.setData({ busy: true });
      try {
        await api.me.delete();
        this.setData({ user: null, avatarSrc: '', moderator: false });
        wx.showToast({ title: '账号已注销', icon: 'none' });
      } catch (err) {
        showError(err);
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
