// Text moderation with WeChat's msg_sec_check v2 (version 2, scene 2 = comment). Fails closed:
// anything but a clear verdict is ERR_SERVICE_UNAVAILABLE, so nothing unchecked is published.
import type { AppConfig } from '../../platform/config/index.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { AccessTokens } from './access-token.js';
import { postJson } from './http.js';

export type Verdict = 'pass' | 'review' | 'risky';

export interface ContentChecker {
  check(app: AppConfig, openId: string, content: string): Promise<Verdict>;
}

const TOKEN_REJECTED = new Set([40001, 42001]);

export class WechatContentChecker implements ContentChecker {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: AccessTokens,
  ) {}

  async check(app: AppConfig, openId: string, content: string): Promise<Verdict> {
    const body = { content, version: 2, scene: 2, openid: openId };
    let token = await this.tokens.token(app);
    let answer = await postJson(
      `${this.baseUrl}/wxa/msg_sec_check?access_token=${encodeURIComponent(token)}`,
      body,
    );
    if (TOKEN_REJECTED.has(answer.errcode as number)) {
      token = await this.tokens.replace(app, token);
      answer = await postJson(
        `${this.baseUrl}/wxa/msg_sec_check?access_token=${encodeURIComponent(token)}`,
        body,
      );
    }
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
