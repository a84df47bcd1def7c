// A WeChat server API call made with the mini program's shared access token: a token WeChat
// refuses (40001 invalid, 42001 expired) is replaced once and the call made again, all before
// `deadline` (a performance.now() time).
import type { AppConfig } from '../../platform/config/index.js';
import type { AccessTokens } from './access-token.js';
import { postJson, remainingUntil } from './http.js';

const TOKEN_REJECTED = new Set([40001, 42001]);

export async function postWithToken(
  baseUrl: string,
  tokens: AccessTokens,
  app: AppConfig,
  path: string,
  body: unknown,
  deadline: number,
): Promise<Record<string, unknown>> {
  const ask = (token: string) =>
    postJson(`${baseUrl}${path}?access_token=${encodeURIComponent(token)}`, body, remainingUntil(deadline));
  let token = await tokens.token(app, deadline);
  let answer = await ask(token);
  if (TOKEN_REJECTED.has(answer.errcode as number)) {
    token = await tokens.replace(app, token, deadline);
    answer = await ask(token);
  }
  return answer;
}
