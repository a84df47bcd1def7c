// The mini program (miniprogram/) for tests without WeChat DevTools: its pages' TypeScript built as
// DevTools would run it (one CommonJS file per page, weapp-scf-client from the client's source,
// config pointed at the test's server) beside their wxml/wxss/json, for miniprogram-simulate; and
// a `wx` for Node that does what the runtime does over real HTTP and WebSocket (on top of the
// client tests' scripted wx), recording what the user would see (toasts, navigation).
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { WebSocket } from 'ws';
import { type NodeWx, nodeWx } from './node-wx.js';

const root = join(import.meta.dirname, '../..');
export const MINIPROGRAM = join(root, 'miniprogram');

export function pagesOf(): string[] {
  return (JSON.parse(readFileSync(join(MINIPROGRAM, 'app.json'), 'utf8')) as { pages: string[] }).pages;
}

/** Builds every page into `out` (same layout as miniprogram/), talking to `baseUrl`. */
export async function buildPages(out: string, baseUrl: string): Promise<void> {
  const config = join(out, 'config.ts');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    config,
    [
      `export const BASE_URL = ${JSON.stringify(baseUrl)};`,
      'export const FUNCTION_URLS = {};',
      `export const GAME_URL = ${JSON.stringify(`${baseUrl.replace(/^http/, 'ws')}/game`)};`,
      '',
    ].join('\n'),
  );
  // Every page, and api.ts on its own (what a failure looks like to the user, for its own test).
  for (const page of [...pagesOf(), 'api']) {
    await build({
      entryPoints: [join(MINIPROGRAM, `${page}.ts`)],
      outfile: join(out, `${page}.js`),
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2018',
      logLevel: 'warning',
      alias: { 'weapp-scf-client': join(root, 'client/src/index.ts') },
      plugins: [
        {
          name: 'test-config',
          setup(b) {
            b.onResolve({ filter: /\/config$/ }, () => ({ path: config }));
          },
        },
      ],
    });
    for (const ext of ['wxml', 'wxss', 'json']) {
      const from = join(MINIPROGRAM, `${page}.${ext}`);
      if (existsSync(from)) cpSync(from, join(out, `${page}.${ext}`));
    }
  }
}

export interface MiniWx extends NodeWx {
  toasts: string[];
  navigations: string[];
  previews: Array<{ current: string; urls: string[] }>;
  saved: string[];
  /** What wx.chooseMedia hands the page next. */
  nextMedia: string[];
  /** Which item wx.showActionSheet picks. */
  sheetPick: number;
  /** What wx.showModal answers (confirm or cancel), and the titles it showed. */
  modalConfirms: boolean;
  modals: string[];
  /** Files handed to wx.shareFileMessage. */
  shared: Array<{ filePath: string; fileName: string }>;
  // biome-ignore lint/suspicious/noExplicitAny: the rest of the runtime's surface, as the pages use it
  [api: string]: any;
}

/** The runtime's `wx` for the pages, logging in with the dev WeChat stub as `code`. */
export function miniWx(code: string, tempDir: string): MiniWx {
  const base = nodeWx(code);
  const wx = base as MiniWx;
  Object.assign(wx, {
    toasts: [] as string[],
    navigations: [] as string[],
    previews: [] as Array<{ current: string; urls: string[] }>,
    saved: [] as string[],
    nextMedia: [] as string[],
    sheetPick: 0,
    modalConfirms: true,
    modals: [] as string[],
    shared: [] as Array<{ filePath: string; fileName: string }>,
    env: { USER_DATA_PATH: tempDir },
    shareFileMessage: (options: { filePath: string; fileName: string }) => void wx.shared.push(options),
    showToast: ({ title }: { title: string }) => void wx.toasts.push(title),
    showLoading: () => undefined,
    hideLoading: () => undefined,
    stopPullDownRefresh: () => undefined,
    setNavigationBarTitle: () => undefined,
    getWindowInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 667 }),
    navigateTo: ({ url }: { url: string }) => void wx.navigations.push(url),
    previewImage: (options: { current: string; urls: string[] }) => void wx.previews.push(options),
    showModal: ({ title, success }: { title: string; success(r: { confirm: boolean }): void }) => {
      wx.modals.push(title);
      success({ confirm: wx.modalConfirms });
    },
    showActionSheet: ({ success }: { success(r: { tapIndex: number }): void }) =>
      success({ tapIndex: wx.sheetPick }),
    chooseMedia: ({ success }: { success(r: { tempFiles: Array<{ tempFilePath: string }> }): void }) =>
      success({ tempFiles: wx.nextMedia.splice(0).map((tempFilePath) => ({ tempFilePath })) }),
    getFileSystemManager: () => ({
      writeFileSync: (filePath: string, data: string, encoding: BufferEncoding) =>
        writeFileSync(filePath, data, encoding),
      getFileInfo: ({ filePath, success }: { filePath: string; success(r: { size: number }): void }) =>
        success({ size: statSync(filePath).size }),
    }),
    downloadFile: ({ url, success, fail }: DownloadOptions) => {
      fetch(url)
        .then(async (res) => {
          const tempFilePath = join(tempDir, `download-${wx.saved.length}-${Date.now()}`);
          writeFileSync(tempFilePath, Buffer.from(await res.arrayBuffer()));
          success({ tempFilePath, statusCode: res.status });
        })
        .catch((err: Error) => fail({ errMsg: `downloadFile:fail ${err.message}` }));
    },
    saveImageToPhotosAlbum: ({ filePath, success }: { filePath: string; success(): void }) => {
      wx.saved.push(filePath);
      success();
    },
    connectSocket: ({ url, header }: { url: string; header: Record<string, string> }) =>
      socketTask(url, header),
  });
  mkdirSync(dirname(join(tempDir, 'x')), { recursive: true });
  return wx;
}

interface DownloadOptions {
  url: string;
  success(r: { tempFilePath: string; statusCode: number }): void;
  fail(err: { errMsg: string }): void;
}

/** wx.connectSocket's SocketTask over the ws library. */
function socketTask(url: string, header: Record<string, string>) {
  const ws = new WebSocket(url, { headers: header });
  return {
    send: ({ data }: { data: string }) => ws.send(data),
    close: ({ code }: { code?: number } = {}) => ws.close(code ?? 1000),
    onOpen: (f: () => void) => ws.on('open', f),
    onMessage: (f: (m: { data: string }) => void) => ws.on('message', (data) => f({ data: String(data) })),
    onClose: (f: (e: { code: number }) => void) => ws.on('close', (code) => f({ code })),
    onError: (f: () => void) => ws.on('error', f),
  };
}
