// WeChat's message push (消息推送, JSON or XML, as 数据格式 is set) at /wx/push: the GET handshake echoes `echostr`
// when `signature` is right; a POST is a push in plain mode (signed like the handshake) or in safe
// mode (`msg_signature` over the Encrypt field too, sealed with the EncodingAESKey, sealed for one
// of our mini programs). What each event does is push-events.ts. A push that fails a check is refused (403) and logged without its data.
// Refusals are counted per source IP (WeChat's own pushes are never refused, so never limited, and
// cost no Redis call): past PUSH_REFUSALS_PER_MINUTE a source's refusals are answered 429, unlogged.
// A signature is fresh for PUSH_WINDOW_MS either side of its timestamp (digits only, with a nonce
// apart from it, so the two cannot be run together); a push's nonce is remembered for the window:
// delivered again after it was handled, it changes nothing ("success"); while it is being handled,
// 503 (WeChat retries); if handling failed, the retry is handled anew.

import { isSignedBy, openPush } from '../../integrations/wechat/push-crypto.js';
import type { Config } from '../../platform/config/index.js';
import { ForbiddenError, ServiceUnavailableError } from '../../platform/errors.js';
import { type JsonObject, parseJsonObject } from '../../platform/json.js';
import { log } from '../../platform/log.js';
import type { NonceStore } from '../../stores/nonce/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { AccountDeps } from '../account/deps.js';
import type { ModerationDeps } from './images.js';
import { handle } from './push-events.js';
import { Refusal, refuse } from './push-refusal.js';

export const PUSH_REFUSALS_PER_MINUTE = 30;
/** How far a push's timestamp may be from our clock, either way. */
export const PUSH_WINDOW_MS = 5 * 60_000;
const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[A-Za-z0-9]{1,64}$/;

export interface PushDeps {
  push: Config['push'];
  apps: Pick<Config, 'apps'>;
  moderation: ModerationDeps;
  /** WeChat's authorization events act on accounts (features/account/authorization.ts). */
  account: AccountDeps;
  /** Refused pushes per source IP (PUSH_REFUSALS_PER_MINUTE). */
  refusals: RateLimiter;
  /** Pushes seen within their window, shared by every instance. */
  nonces: NonceStore;
}

/** What a push's request carries besides its body. */
export interface PushRequest {
  query: Readonly<Record<string, string>>;
  sourceIp: string;
}

type Query = PushRequest['query'];

function settings(deps: PushDeps): NonNullable<Config['push']> {
  if (!deps.push) throw new ServiceUnavailableError('message push (not configured: set WX_PUSH_TOKEN)');
  return deps.push;
}

/** Runs `check`; a refusal in it is counted against the source, logged (reason only) and answered
 * 403, or 429 once the source is over its limit. */
async function refusing<T>(deps: PushDeps, sourceIp: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    await deps.refusals.consume(sourceIp);
    log('warn', 'push refused', { reason: err.reason });
    throw new ForbiddenError('push refused');
  }
}

/** The URL check WeChat makes when the push URL is saved: the echostr back, if signed by our token. */
export async function answerHandshake(deps: PushDeps, { query, sourceIp }: PushRequest): Promise<string> {
  const { token } = settings(deps);
  return refusing(deps, sourceIp, () => {
    if (!isSignedBy(token, query.signature, query.timestamp ?? '', query.nonce ?? '')) refuse('signature');
    checkFresh(query, deps.moderation.clock.now());
    const echo = query.echostr ?? '';
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(echo)) refuse('echostr');
    return echo;
  });
}

/** One push: checked, opened, handled. Answers what WeChat expects back ("success"). */
export async function receivePush(deps: PushDeps, request: PushRequest, body: Buffer): Promise<string> {
  const push = settings(deps);
  return refusing(deps, request.sourceIp, async () => {
    const message = await openMessage(push, deps, request.query, await readMessage(body.toString('utf8')));
    checkFresh(request.query, deps.moderation.clock.now());
    return once(deps, `${request.query.timestamp}:${request.query.nonce}`, () => handle(deps, message));
  });
}

/** A signature's timestamp and nonce: well-formed, apart, and the timestamp within the window. */
function checkFresh(query: Query, now: number): void {
  const { timestamp = '', nonce = '' } = query;
  if (!TIMESTAMP.test(timestamp) || !NONCE.test(nonce)) refuse('timestamp or nonce');
  if (Math.abs(now - Number(timestamp) * 1000) > PUSH_WINDOW_MS) refuse('stale');
}

/** Handles the push of `nonce` once within its window (see the top of this file). */
async function once(deps: PushDeps, nonce: string, run: () => Promise<string>): Promise<string> {
  // Kept past the window on both sides, so a nonce is remembered as long as its push is fresh.
  const ttlMs = 2 * PUSH_WINDOW_MS;
  const seen = await deps.nonces.claim(nonce, ttlMs);
  if (seen === 'done') {
    log('info', 'push repeated', {});
    return 'success';
  }
  if (seen === 'pending') throw new ServiceUnavailableError('message push (this push is being handled)');
  try {
    const answer = await run();
    await deps.nonces.finish(nonce, ttlMs);
    return answer;
  } catch (err) {
    await deps.nonces.release(nonce).catch(() => undefined);
    throw err;
  }
}

/** A message as WeChat writes it: a JSON object, or XML (`<xml>...</xml>`, CDATA and all, read by
 * the layer's strict XML reader: no document type, no entity). Undefined when it is neither. */
async function readMessage(text: string): Promise<JsonObject | undefined> {
  if (!text.trimStart().startsWith('<')) return parseJsonObject(text);
  const { readXml } = await import('../../platform/xml.js');
  try {
    const root = readXml(text).xml;
    return typeof root === 'object' && root !== null && !Array.isArray(root)
      ? (root as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The push's message, from the body itself (plain) or from its Encrypt field (safe mode). */
async function openMessage(
  push: NonNullable<Config['push']>,
  deps: PushDeps,
  query: Query,
  body: JsonObject | undefined,
): Promise<JsonObject> {
  const { timestamp = '', nonce = '' } = query;
  if (!push.aesKey) {
    if (!isSignedBy(push.token, query.signature, timestamp, nonce)) refuse('signature');
    return body ?? refuse('body');
  }
  const envelope = body ?? {};
  // Safe mode is configured: only sealed pushes are taken (compatible mode sends both forms).
  const encrypted = envelope.Encrypt;
  if (typeof encrypted !== 'string') refuse('not encrypted');
  if (!isSignedBy(push.token, query.msg_signature, timestamp, nonce, encrypted)) refuse('msg_signature');
  const opened = openPush(push.aesKey, encrypted);
  if (!opened || !deps.apps.apps.has(opened.appId)) refuse('seal');
  const message = await readMessage(opened.message);
  if (!message) refuse('message');
  for (const named of [message.appid, message.AppID])
    if (named !== undefined && named !== opened.appId) refuse('appid');
  return { ...message, appid: opened.appId, AppID: opened.appId };
}
