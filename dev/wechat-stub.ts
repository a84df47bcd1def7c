// Local-only stand-in for WeChat: the same code is always the same user, different codes are
// different users, and every login gets a fresh session_key. Refused on SCF by config.
import { createHash, randomBytes } from 'node:crypto';
import type { CodeExchange, CodeSession } from '../lib/integrations/wechat/code-exchange.js';
import type { AppConfig } from '../lib/platform/config/index.js';

export class DevWechatStub implements CodeExchange {
  async exchangeCode(app: AppConfig, code: string): Promise<CodeSession> {
    const digest = createHash('sha256')
      .update(`weapp-scf-dev\u0000${app.appId}\u0000${code}`)
      .digest('base64url');
    return { openId: `odev${digest.slice(0, 24)}`, sessionKey: randomBytes(16).toString('base64') };
  }
}
