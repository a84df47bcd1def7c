// 我的: the session on launch, the avatar (chooseAvatar -> album -> /profile), the nickname
// (input type="nickname" -> /profile), logout.
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
  },
});
