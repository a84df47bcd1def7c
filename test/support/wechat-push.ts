// WeChat's side of image moderation, for the fake WeChat: media_check_async (checks the token and
// the v2 body, downloads media_url as WeChat would, hands out a trace_id) and the message push that
// follows, signed and in safe mode sealed by wechat-crypto (WXBizMsgCrypt, as WeChat's samples).
import { randomBytes } from 'node:crypto';
import WXBizMsgCrypt from 'wechat-crypto';
import { pushSignature } from '../../lib/integrations/wechat/push-crypto.js';

export interface MediaCheck {
  traceId: string;
  appId: string;
  openid: string;
  mediaUrl: string;
  scene: number;
  /** The HTTP status WeChat got downloading media_url. */
  fetched: number;
}

/** The answer to POST /wxa/media_check_async for an app whose token it is (or 40001). */
export async function answerMediaCheck(
  appOfToken: string | undefined,
  body: Record<string, unknown>,
  checks: MediaCheck[],
): Promise<Record<string, unknown>> {
  if (!appOfToken) return { errcode: 40001, errmsg: 'invalid credential' };
  const { media_url, media_type, version, scene, openid } = body;
  if (
    typeof media_url !== 'string' ||
    media_type !== 2 ||
    version !== 2 ||
    ![1, 2, 3, 4].includes(scene as number) ||
    typeof openid !== 'string'
  )
    return { errcode: 40003, errmsg: 'invalid args' };
  let fetched = 0;
  try {
    fetched = (await fetch(media_url)).status;
  } catch {
    fetched = -1;
  }
  const traceId = `${Date.now().toString(16)}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
  checks.push({ traceId, appId: appOfToken, openid, mediaUrl: media_url, scene: scene as number, fetched });
  return { errcode: 0, errmsg: 'ok', trace_id: traceId };
}

/** The wxa_media_check event WeChat pushes for a check. */
export function mediaCheckEvent(check: MediaCheck, suggest: 'pass' | 'review' | 'risky') {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: check.openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: check.appId,
    trace_id: check.traceId,
    version: 2,
    detail: [
      { strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20002, prob: 90 },
    ],
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label: suggest === 'pass' ? 100 : 20002 },
  };
}

export interface PushSettings {
  token: string;
  /** The EncodingAESKey for safe mode; plain mode without it. */
  encodingAESKey?: string;
  /** The mini program a safe-mode push is sealed for. */
  appId: string;
  /** 数据格式: JSON (default) or XML, the console's default. */
  format?: 'json' | 'xml';
}

/** A message in WeChat's XML form: `<xml>`, every text in CDATA, a list as repeated elements. */
export function toWechatXml(message: object): string {
  const element = (name: string, value: unknown): string => {
    if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
    if (typeof value === 'object' && value !== null)
      return `<${name}>${Object.entries(value)
        .map(([k, v]) => element(k, v))
        .join('')}</${name}>`;
    return typeof value === 'number'
      ? `<${name}>${value}</${name}>`
      : `<${name}><![CDATA[${String(value)}]]></${name}>`;
  };
  return element('xml', message);
}

/** The query and body WeChat sends for `message` (plain, or sealed in safe mode). */
export function signedPush(
  message: object,
  settings: PushSettings,
): { query: Record<string, string>; body: object | string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const signature = pushSignature(settings.token, timestamp, nonce);
  const xml = settings.format === 'xml';
  if (!settings.encodingAESKey)
    return { query: { signature, timestamp, nonce }, body: xml ? toWechatXml(message) : message };
  const crypt = new WXBizMsgCrypt(settings.token, settings.encodingAESKey, settings.appId);
  const Encrypt = crypt.encrypt(xml ? toWechatXml(message) : JSON.stringify(message));
  const envelope = { ToUserName: 'gh_0123456789ab', Encrypt };
  return {
    query: {
      signature,
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: crypt.getSignature(timestamp, nonce, Encrypt),
    },
    body: xml ? toWechatXml(envelope) : envelope,
  };
}

/** POSTs a push to a receiver URL as WeChat does; answers its status and body. */
export async function sendPush(
  receiver: string,
  push: { query: Record<string, string>; body: object | string },
): Promise<{ status: number; text: string }> {
  const url = new URL(receiver);
  for (const [k, v] of Object.entries(push.query)) url.searchParams.set(k, v);
  const xml = typeof push.body === 'string';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': xml ? 'text/xml' : 'application/json' },
    body: xml ? (push.body as string) : JSON.stringify(push.body),
  });
  return { status: res.status, text: await res.text() };
}
