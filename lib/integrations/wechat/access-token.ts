// WeChat's server access token for each mini program, from /cgi-bin/stable_token. Cached in the
// TokenStore until shortly before expiry; a single refresher at a time (a lock), others wait for
// its result. After errcode 40001/42001 the caller invalidates the token it used and retries once.

import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/index.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { TokenStore } from '../../stores/token/store.js';
import { requireSecret } from './code-exchange.js';
import { postJson, remainingUntil, WECHAT_TIMEOUT_MS } from './http.js';

/** Refresh this long before WeChat's expiry, so no request carries a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const LOCK_MS = 5000;
const WAIT_STEP_MS = 50;

export class AccessTokens {
  constructor(
    private readonly baseUrl: string,
    private readonly store: TokenStore,
    private readonly clock: Clock,
  ) {}

  /** A valid token, by `deadline` (a performance.now() time) at the latest. */
  async token(app: AppConfig, deadline = performance.now() + WECHAT_TIMEOUT_MS): Promise<string> {
    const cached = await this.store.get(app.appId);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now()) return cached.token;
    return this.refresh(app, false, cached?.token, deadline);
  }

  /** After WeChat rejected `stale`: a fresh token (another container may already have one). */
  async replace(
    app: AppConfig,
    stale: string,
    deadline = performance.now() + WECHAT_TIMEOUT_MS,
  ): Promise<string> {
    const cached = await this.store.get(app.appId);
    if (cached && cached.token !== stale && cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now())
      return cached.token;
    return this.refresh(app, true, stale, deadline);
  }

  private async refresh(
    app: AppConfig,
    force: boolean,
    previous: string | undefined,
    deadline: number,
  ): Promise<string> {
    // Elapsed time, not the domain clock: a test's frozen clock must not make this wait forever.
    while (performance.now() < deadline) {
      const release = await this.store.lock(app.appId, LOCK_MS);
      if (release) {
        try {
          const cached = await this.store.get(app.appId);
          if (cached && cached.token !== previous && cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now())
            return cached.token;
          return await this.fetchAndStore(app, force, deadline);
        } finally {
          await release();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      const cached = await this.store.get(app.appId);
      if (cached && cached.token !== previous && cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now())
        return cached.token;
    }
    throw new ServiceUnavailableError('WeChat access token (refresh timed out)');
  }

  private async fetchAndStore(app: AppConfig, force: boolean, deadline: number): Promise<string> {
    requireSecret(app);
    const body = await postJson(
      `${this.baseUrl}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: app.appId, secret: app.secret, force_refresh: force },
      remainingUntil(deadline),
    );
    const { access_token: token, expires_in: expiresIn } = body;
    if (typeof token !== 'string' || !token || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new ServiceUnavailableError(
        'WeChat access token',
        new Error(`stable_token errcode ${String(body.errcode)}`),
      );
    }
    const expiresAt = this.clock.now() + expiresIn * 1000;
    await this.store.put(
      app.appId,
      { token, expiresAt },
      Math.max(1000, expiresIn * 1000 - REFRESH_MARGIN_MS),
    );
    return token;
  }
}
