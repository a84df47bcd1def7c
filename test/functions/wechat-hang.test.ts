// WeChat's stable_token hanging while comments are posted (issue row 7): every post answers 503
// within about 3 s (the access token and the check share one 3 s budget), never after 5 or 6 s.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as comments from '../../functions/comments/index.js';
import { getApp } from '../../lib/app/container.js';
import { sampleCatalogue } from '../../lib/features/comments/sample-catalogue.js';
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat.js';
import { invoke } from '../support/invoke.js';
import { loginAs } from '../support/login.js';
import { configure, wechatEnv } from '../support/runtime.js';

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
  await configure({ ...wechatEnv(wx), LOGIN_RATE_LIMIT: '10000' });
  await getApp().videos.seed(sampleCatalogue());
});
afterAll(async () => {
  await wx.close();
});

it('four concurrent posts while stable_token hangs each answer 503 within 3.5 s', async () => {
  const users = await Promise.all([1, 2, 3, 4].map((i) => loginAs(`token-hang-${i}`)));
  wx.stallTokens = true;
  try {
    const answers = await Promise.all(
      users.map(async (s, i) => {
        const started = Date.now();
        const res = await invoke(comments, {
          method: 'POST',
          path: '/videos/sintel/comments',
          headers: s.headers,
          body: { content: `while WeChat hangs ${i}` },
        });
        return { status: res.status, error: res.body.error, ms: Date.now() - started };
      }),
    );
    for (const a of answers) {
      expect(a).toMatchObject({ status: 503, error: 'ERR_SERVICE_UNAVAILABLE' });
      expect(a.ms).toBeLessThan(3500);
    }
  } finally {
    wx.stallTokens = false;
  }
  const after = await invoke(comments, {
    method: 'POST',
    path: '/videos/sintel/comments',
    headers: users[0]!.headers,
    body: { content: 'WeChat answers again' },
  });
  expect(after.status).toBe(201);
});
