// Text moderation with WeChat's msg_sec_check v2 (version 2; scene 1 = a profile, 2 = a comment).
// Fails closed: anything but a clear verdict is ERR_SERVICE_UNAVAILABLE, so nothing unchecked is
// published. The whole check, access token included, answers within WECHAT_TIMEOUT_MS.
import type { AppConfig } from '../../platform/config/index.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { AccessTokens } from './access-token.js';
import { WECHAT_TIMEOUT_MS } from './http.js';
import { postWithToken } from './token-call.js';

export type Verdict = 'pass' | 'review' | 'risky';

/** What the text is: WeChat judges a nickname (profile) and a comment by different standards. */
export type Scene = 'profile' | 'comment';
const SCENES: Record<Scene, number> = { profile: 1, comment: 2 };

export interface ContentChecker {
  check(app: AppConfig, openId: string, content: string, scene: Scene): Promise<Verdict>;
}

export class WechatContentChecker implements ContentChecker {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: AccessTokens,
  ) {}

  async check(app: AppConfig, openId: string, content: string, scene: Scene): Promise<Verdict> {
    const deadline = performance.now() + WECHAT_TIMEOUT_MS;
    const body = { content, version: 2, scene: SCENES[scene], openid: openId };
    const answer = await postWithToken(this.baseUrl, this.tokens, app, '/wxa/msg_sec_check', body, deadline);
    const suggest = (answer.result as { suggest?: unknown } | undefined)?.suggest;
    if (answer.errcode === 0 && (suggest === 'pass' || suggest === 'review' || suggest === 'risky'))
      return suggest;
    throw new ServiceUnavailableError(
      'WeChat content check',
      new Error(`msg_sec_check errcode ${String(answer.errcode)}`),
    );
  }
}

/** Used when no real mini program is configured, or WX_CONTENT_CHECK=off. */
export const noContentCheck: ContentChecker = { check: async () => 'pass' };
