// POSTing JSON to the WeChat server API with a 3 s timeout. Any failure to get a JSON object back
// is ERR_SERVICE_UNAVAILABLE; URLs (which can carry an access token) are never in an error.
import { ServiceUnavailableError } from '../../platform/errors.js';
import { httpCall, isOk } from '../../platform/http/client.js';
import { parseJsonObject } from '../../platform/json.js';

export const WECHAT_TIMEOUT_MS = 3000;

/** Milliseconds left before `deadline` (a performance.now() time); ERR_SERVICE_UNAVAILABLE once it passed. */
export function remainingUntil(deadline: number): number {
  const left = Math.floor(deadline - performance.now());
  if (left <= 0) throw new ServiceUnavailableError('WeChat', new Error('out of time'));
  return left;
}

export async function postJson(
  url: string,
  body: unknown,
  timeoutMs = WECHAT_TIMEOUT_MS,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    const answer = await httpCall(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs,
    });
    text = answer.text;
    if (!isOk(answer)) throw new Error(`HTTP ${answer.status}`);
  } catch (err) {
    throw new ServiceUnavailableError(
      'WeChat',
      new Error(err instanceof Error ? err.name : 'request failed'),
    );
  }
  const parsed = parseJsonObject(text);
  if (parsed) return parsed;
  throw new ServiceUnavailableError('WeChat', new Error('answer is not a JSON object'));
}
