// Points the runtime at a fake WeChat (and any other env changes) for one test file.
import { resetApp } from '../../lib/app/container.js';
import type { FakeWechat } from './fake-wechat.js';

export async function configure(env: Record<string, string | undefined>): Promise<void> {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await resetApp();
}

export function wechatEnv(wx: FakeWechat): Record<string, string> {
  return { WX_APPID: wx.appId, WX_SECRET: wx.secret, WX_API_BASE: wx.url };
}
