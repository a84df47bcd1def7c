// End to end in headless Chromium (Debian's chromium, driven by playwright-core; no browser is ever
// downloaded): two dev users on the playground. A logs in, draws and saves, opens the drawing,
// uploads a PNG, comments. B sees A's comment, but none of A's drawings or images.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevWechatStub } from '../../dev/wechat-stub.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { type AppConfig, DEV_STUB_APP_ID } from '../../lib/platform/config/index.js';
import { type Dev, startDev } from '../support/dev.js';
import { solidPng } from '../support/png-image.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const shots = join(import.meta.dirname, '../../test-results/screenshots');
/** DOCS_SCREENSHOTS=1 also writes the docs' pictures (docs/playground.png, docs/game.png) from
 * this run: the docs show the playground as it is, never a picture made by hand. */
const docs = process.env.DOCS_SCREENSHOTS === '1' ? join(import.meta.dirname, '../../docs') : undefined;

if (!available) {
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM} is missing: the browser test cannot run (apt-get install chromium)`);
  console.warn(
    `\n!!! ${CHROMIUM} is not installed: the playground browser test is NOT run here (apt-get install chromium)\n`,
  );
}

describe.runIf(available)('the playground in a real browser', () => {
  let dev: Dev;
  let browser: Browser;

  beforeAll(async () => {
    // User C is the dev stub app's moderator (the playground's desk); A and B are not.
    const carol = await new DevWechatStub().exchangeCode(
      { appId: DEV_STUB_APP_ID } as AppConfig,
      'playground-carol',
    );
    dev = await startDev({
      LOGIN_RATE_LIMIT: '10000',
      GAME_TIME_MS: '1200',
      GAME_PAUSE_MS: '500',
      WX_ADMINS: carol.openId,
    });
    await getApp().videos.seed(sampleCatalogue());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.close();
  });

  async function openAs(user: 'alice' | 'bob' | 'carol'): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 820 } })).newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    await page.goto(`${dev.url}/playground/`);
    await page.getByTestId('user').selectOption(user);
    await page.getByTestId('login').click();
    await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/odev/);
    return page;
  }

  it('user A draws, saves, reopens, uploads and comments; user B sees only the comment', async () => {
    const a = await openAs('alice');

    const pad = (await a.getByTestId('pad').boundingBox())!;
    await a.mouse.move(pad.x + 30, pad.y + 30);
    await a.mouse.down();
    for (let i = 1; i <= 20; i++)
      await a.mouse.move(pad.x + 30 + i * 12, pad.y + 30 + Math.round(60 * Math.sin(i / 3)));
    await a.mouse.up();
    await a.getByTestId('title').fill('A 的一笔');
    await a.getByTestId('save-drawing').click();
    await expect.poll(() => a.getByTestId('drawing').count()).toBe(1);
    await a.getByTestId('open-drawing').click();
    await expect.poll(() => a.getByTestId('viewer').getAttribute('data-opened')).toBeTruthy();
    type Canvas = {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    };
    const painted = await a.getByTestId('viewer').evaluate((node) => {
      const c = node as unknown as Canvas;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(200);

    await a
      .getByTestId('file')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: solidPng(48, 48, [228, 57, 60]) });
    await expect.poll(() => a.getByTestId('image').count()).toBe(1);
    await expect
      .poll(() =>
        a.locator('[data-testid=image] img').evaluate((node) => {
          const img = node as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth;
        }),
      )
      .toBe(48);

    await a.getByTestId('comment').fill('A 说：好看 👍');
    await a.getByTestId('post-comment').click();
    await expect.poll(() => a.getByTestId('comments').textContent()).toContain('A 说：好看 👍');
    expect(await a.getByTestId('error').textContent()).toBe('');
    await a.screenshot({ path: join(shots, 'user-a.png') });
    if (docs) await a.screenshot({ path: join(docs, 'playground.png') });

    const b = await openAs('bob');
    await expect.poll(() => b.getByTestId('comments').textContent()).toContain('A 说：好看 👍');
    expect(await b.locator('[data-testid=comment]', { hasText: 'A 说' }).getByText('删除').count()).toBe(0);
    await expect.poll(() => b.getByTestId('drawings').textContent()).toContain('还没有作品');
    expect(await b.getByTestId('image').count()).toBe(0);
    expect(await b.getByTestId('error').textContent()).toBe('');
    await b.screenshot({ path: join(shots, 'user-b.png') });

    await a.getByTestId('delete-image').click();
    await expect.poll(() => a.getByTestId('image').count()).toBe(0);
    expect(await a.getByTestId('admin').isHidden()).toBe(true); // not a moderator
  });

  it("the moderator's desk: C hides B's comment and approves B's image in review; B sees both; the audit says so", async () => {
    const b = await openAs('bob');
    await b.locator('textarea#comment').fill('B 的评论，等会儿被隐藏');
    await b.getByTestId('post-comment').click();
    await expect.poll(() => b.getByTestId('comments').textContent()).toContain('B 的评论');
    expect(await b.getByTestId('admin').isHidden()).toBe(true);

    const c = await openAs('carol');
    await expect.poll(() => c.getByTestId('admin').isVisible()).toBe(true);
    await c.getByTestId('admin-status').selectOption('visible');
    const row = c.locator('[data-testid=admin-comment]', { hasText: 'B 的评论' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('admin-hide').click();
    await expect.poll(() => c.getByTestId('admin-audit').textContent()).toContain('comment.status');
    expect(await c.getByTestId('error').textContent()).toBe('');
    await c.screenshot({ path: join(shots, 'moderator.png') });

    await b.getByTestId('login').click();
    await expect.poll(() => b.getByTestId('comments').textContent()).not.toContain('B 的评论');

    // An album image WeChat sent to review (the dev stub checks no images: it is put there as a
    // media_check_async push would): C approves it on the desk, B's album stops saying 审核中.
    await b
      .getByTestId('file')
      .setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: solidPng(16, 16, [30, 60, 200]) });
    await expect.poll(() => b.getByTestId('image').count()).toBe(1);
    const name = (await b.locator('[data-testid=image] img').getAttribute('alt'))!;
    const { images } = getApp().moderation;
    const appId = getApp().config.defaultAppId;
    await expect.poll(async () => (await images.get(appId, name))?.status, { timeout: 5000 }).toBe('visible');
    await images.setStatus(appId, name, ['visible'], 'review', new Date());
    await b.getByTestId('login').click();
    await expect.poll(() => b.getByTestId('album').textContent()).toContain('审核中');
    await c.getByTestId('admin-status').selectOption('review');
    const image = c.getByTestId('admin-image');
    await expect.poll(() => image.count()).toBe(1);
    await image.getByTestId('admin-image-pass').click();
    await expect.poll(() => c.getByTestId('admin-audit').textContent()).toContain('image.status');
    await expect.poll(() => c.getByTestId('admin-images').textContent()).toContain('没有待审图片');
    await b.getByTestId('login').click();
    await expect.poll(() => b.getByTestId('album').textContent()).not.toContain('审核中');
  });

  it('plays rock-paper-scissors against the robot on the game page', async () => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    await page.goto(`${dev.url}/playground/game.html`);
    await page.getByTestId('user').selectOption('alice');
    await page.getByTestId('connect').click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('欢迎');
    await page.getByTestId('join').click();
    await expect.poll(() => page.getByTestId('users').textContent(), { timeout: 4000 }).toContain('机器人');
    await expect.poll(() => page.getByTestId('round').textContent(), { timeout: 4000 }).toContain('第 1 局');
    await page.getByTestId('rock').click();
    await expect
      .poll(() => page.getByTestId('results').textContent(), { timeout: 5000 })
      .toMatch(/第 1 局：.*✊/);
    await page.screenshot({ path: join(shots, 'game.png') });
    if (docs) await page.screenshot({ path: join(docs, 'game.png') });
  });
  it("exports the user's data as a file, and deletes the account once confirmed", async () => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    await page.goto(`${dev.url}/playground/`);
    await page.getByTestId('user').selectOption('bob');
    await page.getByTestId('login').click();
    await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/odev/);
    const openId = /odev\S+/.exec((await page.getByTestId('who').textContent()) ?? '')![0];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-me').click(),
    ]);
    expect(download.suggestedFilename()).toBe('我的数据.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.profile.openId).toBe(openId);
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByTestId('delete-me').click();
    expect(await getApp().account.users.get(DEV_STUB_APP_ID, openId)).not.toBeNull();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('delete-me').click();
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('账号已注销');
    expect(await getApp().account.users.get(DEV_STUB_APP_ID, openId)).toBeNull();
  });
});
