// The mini program's pages, built from miniprogram/ and run in miniprogram-simulate (j-component in
// jsdom), against the dev server over real HTTP and WebSocket: a user logs in, sets a nickname and
// an avatar from the album, uploads to the album (the form goes to the local bucket), previews,
// saves and deletes, draws and reopens a drawing, reads the trailers and posts a comment, and
// plays a round against the robot. Every call goes through weapp-scf-client, as on a phone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeappScfError } from '../../client/src/index.js';
import { DevWechatStub } from '../../dev/wechat-stub.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { type AppConfig, DEV_STUB_APP_ID } from '../../lib/platform/config/index.js';
import { png } from '../support/bucket.js';
import { type Dev, startDev } from '../support/dev.js';
import { buildPages, type MiniWx, miniWx } from '../support/miniprogram.js';

// biome-ignore lint/suspicious/noExplicitAny: a page's methods and data, as j-component hands them over
type Loose = any;
type Rendered = {
  instance: Loose;
  data: Loose;
  dom: { innerHTML: string };
  querySelectorAll(s: string): unknown[];
  attach(p: unknown): void;
};

// The DOM j-component renders into (only window and document: Node's own fetch stays).
interface Window {
  document: { createElement(tag: string): unknown };
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window };
};
const dom = new JSDOM('<!doctype html><html><body></body></html>');
const { document } = dom.window;
Object.assign(globalThis, { window: dom.window, document });
const simulate = createRequire(import.meta.url)('miniprogram-simulate') as {
  load(path: string, options: { rootPath: string }): string;
  render(id: string, props?: object): Rendered;
};

const out = mkdtempSync(join(tmpdir(), 'weapp-scf-miniprogram-'));
let dev: Dev;
let wx: MiniWx;
const photo = join(out, 'photo.png');

beforeAll(async () => {
  // mini-alice, the user of these pages, is also the dev stub app's moderator (审核台).
  const alice = await new DevWechatStub().exchangeCode({ appId: DEV_STUB_APP_ID } as AppConfig, 'mini-alice');
  dev = await startDev({
    LOGIN_RATE_LIMIT: '10000',
    GAME_ROBOT_WAIT_MS: '200',
    GAME_TIME_MS: '600',
    WX_ADMINS: alice.openId,
  });
  await getApp().videos.seed(sampleCatalogue());
  await buildPages(out, dev.url);
  writeFileSync(photo, png(2048));
  wx = miniWx('mini-alice', out);
  Object.assign(globalThis, { wx });
}, 60_000);
afterAll(async () => {
  await dev.close();
  rmSync(out, { recursive: true, force: true });
});

function open(page: string): Rendered {
  // One root for every page, so WeChat's wxml compiler builds them together (per-folder builds
  // share its globals and mix the pages' templates up).
  const rendered = simulate.render(simulate.load(join(out, page), { rootPath: out }));
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

describe('我的 (me)', () => {
  it('logs in on load, sets the nickname, takes an avatar from the album, logs out', async () => {
    const me = open('pages/me/index');
    await me.instance.onLoad();
    expect(me.data.user.openId).toMatch(/^odev/);
    expect(wx.loginCalls).toBe(1);
    expect(me.data.moderator).toBe(true); // the way into 审核台, for moderators only
    expect(me.dom.innerHTML).toContain('审核台');

    await me.instance.onNickname({ detail: { value: ' 小明 ' } });
    expect(me.data.user.nickName).toBe('小明');
    await me.instance.onChooseAvatar({ detail: { avatarUrl: photo } });
    expect(me.data.user.avatarUrl).toMatch(/^album\//); // the album key, as /profile stores it
    expect(wx.toasts).toContain('头像已更新');
    expect(me.data.avatarSrc).toBe(photo); // shown from the chosen file until a URL comes back

    await me.instance.logout();
    expect(me.data.user).toBeNull();
    expect(wx.storage.size).toBe(0);
    await me.instance.login();
    expect(me.data.user.nickName).toBe('小明');
  });
});

describe('相册 (album)', () => {
  it('uploads a chosen photo to the bucket, lists it, previews, saves and deletes it', async () => {
    const album = open('pages/album/index');
    await album.instance.onLoad();
    const before = album.data.items.length;
    wx.nextMedia.push(photo);
    album.instance.choose();
    await expect.poll(() => album.data.items.length, { timeout: 5000 }).toBe(before + 1);
    expect(album.querySelectorAll('.cell')).toHaveLength(before + 2); // the images and the ＋
    const image = album.data.items[0];
    // Pending until the local bucket's COS event is handled; the dev stub checks no images.
    await expect
      .poll(
        async () => {
          await album.instance.onPullDownRefresh();
          return album.data.items[0].status;
        },
        { timeout: 5000 },
      )
      .toBe('visible');
    expect(album.querySelectorAll('.badge')).toHaveLength(0);

    album.instance.preview({ currentTarget: { dataset: { url: image.url } } });
    expect(wx.previews.at(-1)).toEqual({
      current: image.url,
      urls: album.data.items.map((i: { url: string }) => i.url),
    });

    wx.sheetPick = 0; // 保存到手机相册
    album.instance.act({ currentTarget: { dataset: { name: image.name } } });
    await expect.poll(() => wx.saved.length, { timeout: 5000 }).toBe(1);

    wx.sheetPick = 1; // 删除
    album.instance.act({ currentTarget: { dataset: { name: image.name } } });
    await expect.poll(() => album.data.items.length, { timeout: 5000 }).toBe(before);
    await album.instance.onPullDownRefresh();
    expect(album.data.items.map((i: { name: string }) => i.name)).not.toContain(image.name);
  });
});

describe('画板 (draw)', () => {
  it('saves the strokes as actions and replays a saved drawing', async () => {
    const draw = open('pages/draw/index');
    await draw.instance.onLoad();
    draw.instance.start({ touches: [{ x: 10.4, y: 20 }] });
    draw.instance.move({ touches: [{ x: 30, y: 40.6 }] });
    const drawn = [...draw.data.actions];
    expect(drawn).toEqual([
      { method: 'beginPath', data: [] },
      { method: 'moveTo', data: [10, 20] },
      { method: 'lineTo', data: [30, 41] },
      { method: 'stroke', data: [] },
    ]);
    draw.instance.onTitle({ detail: { value: '第一幅' } });
    await draw.instance.save();
    expect(draw.data.drawings[0]).toMatchObject({ title: '第一幅', actionCount: 4 });

    draw.instance.clear();
    expect(draw.data.actions).toEqual([]);
    await draw.instance.open({ currentTarget: { dataset: { id: draw.data.drawings[0].id } } });
    expect(draw.data.actions).toEqual(drawn);
    expect(draw.data.title).toBe('第一幅');
  });
});

describe('预告片 (trailers)', () => {
  it('lists the catalogue, opens a trailer, posts a comment and reads it back as its author', async () => {
    const list = open('pages/trailers/index');
    await list.instance.onLoad();
    expect(list.data.videos.length).toBeGreaterThan(0);
    const video = list.data.videos[0];
    list.instance.open({ currentTarget: { dataset: { id: video.id } } });
    const url = wx.navigations.at(-1)!;
    expect(url).toContain(`vid=${encodeURIComponent(video.id)}`);

    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]!).entries());
    const encoded = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, encodeURIComponent(v)]));
    const trailer = open('pages/trailer/index');
    await trailer.instance.onLoad(encoded);
    expect(trailer.data.src).toBe(video.videoUrl);
    trailer.instance.onDraft({ detail: { value: '好看！' } });
    await trailer.instance.post();
    expect(trailer.data.comments[0]).toMatchObject({ content: '好看！', mine: true });

    const again = open('pages/trailer/index');
    await again.instance.onLoad(encoded);
    expect(
      again.data.comments.some((c: { content: string; mine: boolean }) => c.content === '好看！' && c.mine),
    ).toBe(true);
    again.instance.remove({ currentTarget: { dataset: { id: again.data.comments[0].id } } });
    await expect
      .poll(() => again.data.comments.length, { timeout: 5000 })
      .toBe(trailer.data.comments.length - 1);
  });
});

describe('审核台 (admin)', () => {
  it('lists visible comments, hides one (gone from the trailer page), and shows the audit', async () => {
    const trailer = open('pages/trailer/index');
    await trailer.instance.onLoad({ vid: 'sintel', title: 'Sintel', src: '', cover: '' });
    trailer.instance.onDraft({ detail: { value: '请隐藏我' } });
    await trailer.instance.post();
    const posted = trailer.data.comments[0];

    const desk = open('pages/admin/index');
    await desk.instance.onLoad();
    await desk.instance.pick({ currentTarget: { dataset: { status: 'visible' } } });
    expect(desk.data.comments.map((c: { id: string }) => c.id)).toContain(posted.id);
    await desk.instance.setStatus({ currentTarget: { dataset: { id: posted.id, status: 'hidden' } } });
    expect(desk.data.comments.map((c: { id: string }) => c.id)).not.toContain(posted.id);
    expect(desk.data.audit[0]).toMatchObject({ action: 'comment.status', target: `comment:${posted.id}` });

    const again = open('pages/trailer/index');
    await again.instance.onLoad({ vid: 'sintel', title: 'Sintel', src: '', cover: '' });
    expect(again.data.comments.map((c: { id: string }) => c.id)).not.toContain(posted.id);
  });

  it('approves an album image WeChat sent to review; the album stops marking it', async () => {
    const album = open('pages/album/index');
    await album.instance.onLoad();
    album.instance.choose();
    await expect.poll(() => album.data.items.length, { timeout: 5000 }).toBeGreaterThan(0);
    const { name } = album.data.items[0];
    // The dev stub checks no images: put it in review as a media_check_async push would.
    const { images } = getApp().moderation;
    const appId = getApp().config.defaultAppId;
    await expect.poll(async () => (await images.get(appId, name))?.status, { timeout: 5000 }).toBe('visible');
    await images.setStatus(appId, name, ['visible'], 'review', new Date());
    await album.instance.onPullDownRefresh();
    expect(album.querySelectorAll('.badge')).toHaveLength(1);

    const desk = open('pages/admin/index');
    await desk.instance.onLoad();
    expect(desk.data.images.map((i: { name: string }) => i.name)).toEqual([name]);
    await desk.instance.decideImage({ currentTarget: { dataset: { name, status: 'visible' } } });
    expect(desk.data.images).toEqual([]);
    expect(desk.data.audit[0]).toMatchObject({ action: 'image.status', target: `image:${name}` });
    await album.instance.onPullDownRefresh();
    expect(album.querySelectorAll('.badge')).toHaveLength(0);
  });
});

describe('猜拳 (game)', () => {
  it('connects with the session, meets the robot, plays a round and leaves', async () => {
    const game = open('pages/game/index');
    await game.instance.connect();
    await expect
      .poll(() => game.data.players.some((p: { robot?: boolean }) => p.robot), { timeout: 5000 })
      .toBe(true);
    await expect.poll(() => game.data.playing, { timeout: 5000 }).toBe(true);
    game.instance.choose({ currentTarget: { dataset: { value: 1 } } });
    expect(game.data.chosen).toBe(1);
    await expect.poll(() => game.data.results.length, { timeout: 5000 }).toBe(2);
    const mine = game.data.results.find((r: { choice: number | null }) => r.choice === 1);
    expect(mine).toBeDefined();
    game.instance.leave();
    expect(game.data.connected).toBe(false);
  });
});

describe('errors as the user sees them', () => {
  it('a 429 says how long to wait, a lost network says so, all in Chinese', async () => {
    const api = createRequire(import.meta.url)(join(out, 'api.js')) as {
      describeError(err: unknown): string;
    };
    expect(api.describeError(new WeappScfError('ERR_RATE_LIMITED', 'x', 429, 'r', 7))).toBe(
      '操作太频繁，请 7 秒后再试',
    );
    expect(api.describeError(new WeappScfError('ERR_NETWORK', 'x'))).toBe('网络不可用，请检查网络后重试');
    expect(api.describeError(new WeappScfError('ERR_CONTENT_REJECTED', 'x', 422))).toBe(
      '内容未通过安全审核，请修改后再发',
    );
  });
});

describe('我的: 导出我的数据 and 注销账号', () => {
  it('exports the data as a JSON file to share, and deletes the account only once confirmed', async () => {
    const me = open('pages/me/index');
    await me.instance.onLoad();
    expect(me.dom.innerHTML).toContain('导出我的数据');
    expect(me.dom.innerHTML).toContain('注销账号');
    await me.instance.onNickname({ detail: { value: '要注销的人' } });
    await me.instance.exportData();
    const [file] = wx.shared.splice(0);
    expect(file?.fileName).toBe('我的数据.json');
    const exported = JSON.parse(readFileSync(file!.filePath, 'utf8'));
    expect(exported.profile).toMatchObject({ openId: me.data.user.openId, nickName: '要注销的人' });

    wx.modalConfirms = false;
    await me.instance.deleteAccount();
    expect(wx.modals.at(-1)).toBe('注销账号');
    expect(me.data.user.nickName).toBe('要注销的人'); // cancelled: nothing happened
    wx.modalConfirms = true;
    await me.instance.deleteAccount();
    expect(me.data.user).toBeNull();
    expect(wx.toasts).toContain('账号已注销');
    expect(wx.storage.size).toBe(0);
    await me.instance.login(); // a new, empty user
    expect(me.data.user.nickName ?? '').toBe('');
  });
});
