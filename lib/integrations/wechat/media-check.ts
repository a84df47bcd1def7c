// Image moderation with WeChat's media_check_async v2 (media_type 2 = an image, scene 1 = a
// profile: album images are what others see as avatars). WeChat fetches `media_url` itself and
// pushes its verdict later (wxa_media_check, with the trace_id answered here). Anything but a
// trace_id is ERR_SERVICE_UNAVAILABLE, so the COS trigger's invocation fails and SCF retries it.
import type { AppConfig } from '../../platform/config/index.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { AccessTokens } from './access-token.js';
import { WECHAT_TIMEOUT_MS } from './http.js';
import { postWithToken } from './token-call.js';

const IMAGE = 2;
const PROFILE_SCENE = 1;
/** What a trace_id may look like (WeChat's are like 60f96f1d-3845297a-1976a3ae). */
export const TRACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface MediaChecker {
  /** Asks WeChat to check the image at `mediaUrl` for `openId`; answers the trace_id. */
  submit(app: AppConfig, openId: string, mediaUrl: string): Promise<string>;
}

export class WechatMediaChecker implements MediaChecker {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: AccessTokens,
  ) {}

  async submit(app: AppConfig, openId: string, mediaUrl: string): Promise<string> {
    const deadline = performance.now() + WECHAT_TIMEOUT_MS;
    const body = { media_url: mediaUrl, media_type: IMAGE, version: 2, scene: PROFILE_SCENE, openid: openId };
    const answer = await postWithToken(
      this.baseUrl,
      this.tokens,
      app,
      '/wxa/media_check_async',
      body,
      deadline,
    );
    // The HTTPS API answers trace_id; WeChat's cloud call spells it traceId.
    const trace = answer.trace_id ?? answer.traceId;
    if (answer.errcode === 0 && typeof trace === 'string' && TRACE_ID.test(trace)) return trace;
    throw new ServiceUnavailableError(
      'WeChat media check',
      new Error(`media_check_async errcode ${String(answer.errcode)}`),
    );
  }
}
