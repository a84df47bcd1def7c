// Two cold containers, as two independent module instances of the comments function (each its own
// runtime and Redis client), share one WeChat access token through Redis: one stable_token call.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import type { ScfFunction } from '../../lib/platform/http/handler.js';
import { logLines } from '../setup.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
const containers: Array<{ fn: ScfFunction; close: () => Promise<void> }> = [];

async function coldContainer() {
  vi.resetModules();
  const log = await import('../../lib/platform/log.js');
  log.setLogSink((line) => logLines.push(line));
  const container = await import('../../lib/app/container.js');
  const fn = (await import('../../functions/comments/index.js')) as ScfFunction;
  return { fn, close: () => container.resetApp() };
}

beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), LOGIN_RATE_LIMIT: '10000' });
  const root = join(import.meta.dirname, '../..');
  await promisify(execFile)('npx', ['tsx', 'scripts/seed.ts'], {
    cwd: root,
    env: { ...process.env, MONGO_URL: inject('mongoUrl') },
  });
  containers.push(await coldContainer(), await coldContainer());
});
afterAll(async () => {
  await Promise.all(containers.map((c) => c.close()));
  await wx.close();
});

it('two module instances are really two containers', () => {
  expect(containers[0]!.fn).not.toBe(containers[1]!.fn);
  expect(containers[0]!.fn.main_handler).not.toBe(containers[1]!.fn.main_handler);
});

it('20 concurrent moderated posts through both containers make one stable_token call', async () => {
  const users = await Promise.all(Array.from({ length: 20 }, (_, i) => loginAs(`cold-${i}`)));
  const tokenCalls = wx.tokenCalls;
  const checkCalls = wx.checkCalls;
  const results = await Promise.all(
    users.map((u, i) =>
      invoke(containers[i % 2]!.fn, {
        method: 'POST',
        path: '/videos/sintel/comments',
        headers: u.headers,
        body: { content: `冷启动 ${i}` },
      }),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
  expect(wx.checkCalls - checkCalls).toBe(20);
  expect(wx.tokenCalls - tokenCalls).toBe(1);
});
