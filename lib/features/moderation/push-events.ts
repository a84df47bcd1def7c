// What a checked, opened push does: wxa_media_check settles an album image; WeChat's authorization
// events act on the user's account (features/account/authorization.ts); any other event is
// acknowledged and ignored. A push for a mini program we do not serve is refused.
import { TRACE_ID } from '../../integrations/wechat/media-check.js';
import type { JsonObject } from '../../platform/json.js';
import { log } from '../../platform/log.js';
import type { ImageVerdict } from '../../stores/image/store.js';
import { authorizationChanged, isAuthorizationEvent } from '../account/authorization.js';
import { verdictArrived } from './images.js';
import type { PushDeps } from './push.js';
import { refuse } from './push-refusal.js';

const EVENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** An openId as WeChat issues them (28 characters today; room to grow, nothing else). */
const OPEN_ID = /^[A-Za-z0-9_-]{16,64}$/;

export async function handle(deps: PushDeps, message: JsonObject): Promise<string> {
  const event = typeof message.Event === 'string' && EVENT_NAME.test(message.Event) ? message.Event : '-';
  if (isAuthorizationEvent(event)) {
    const appId = message.AppID ?? message.appid;
    if (typeof appId !== 'string' || !deps.apps.apps.has(appId)) refuse('appid');
    const openId = message.OpenID;
    if (typeof openId !== 'string' || !OPEN_ID.test(openId)) {
      log('warn', 'push ignored', { event, reason: 'OpenID' });
      return 'success';
    }
    const outcome = await authorizationChanged(deps.account, { appId, openId }, event, message.RevokeInfo);
    log('info', 'push handled', { event, outcome });
    return 'success';
  }
  if (event !== 'wxa_media_check') {
    log('info', 'push ignored', { event });
    return 'success';
  }
  const appId = message.appid;
  const traceId = message.trace_id;
  if (typeof appId !== 'string' || !deps.apps.apps.has(appId)) refuse('appid');
  if (typeof traceId !== 'string' || !TRACE_ID.test(traceId)) {
    log('warn', 'push ignored', { event, reason: 'trace_id' });
    return 'success';
  }
  await verdictArrived(deps.moderation, appId, traceId, verdictOf(message));
  return 'success';
}

/** WeChat's suggestion; a push that carries none (an errcode, no result) leaves it to a moderator. */
function verdictOf(message: JsonObject): ImageVerdict {
  const suggest = (message.result as { suggest?: unknown } | undefined)?.suggest;
  // In XML every value is text: errcode "0" is 0.
  const failed = message.errcode !== undefined && Number(message.errcode) !== 0;
  if (!failed && (suggest === 'pass' || suggest === 'review' || suggest === 'risky')) return suggest;
  return 'review';
}
