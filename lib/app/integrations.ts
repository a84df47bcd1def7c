// WeChat and COS from config: the code exchange, the shared access token, moderation, the album's
// object store and STS. Where a part is not configured, the embedded parts (dev/) stand in locally.
import { StsClient } from '../integrations/cos/sts.js';
import { AccessTokens } from '../integrations/wechat/access-token.js';
import { type CodeExchange, HttpCodeExchange } from '../integrations/wechat/code-exchange.js';
import {
  type ContentChecker,
  noContentCheck,
  WechatContentChecker,
} from '../integrations/wechat/content-check.js';
import { type MediaChecker, WechatMediaChecker } from '../integrations/wechat/media-check.js';
import { type PhoneNumbers, WechatPhoneNumbers } from '../integrations/wechat/phone.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config/index.js';
import { CosPresigner } from '../platform/cos/presign.js';
import type { CosKeys } from '../platform/cos/sign.js';
import { ServiceUnavailableError } from '../platform/errors.js';
import { registerSecret } from '../platform/log.js';
import { CosObjectStore } from '../stores/object/cos.js';
import type { ObjectStore } from '../stores/object/store.js';
import type { TokenStore } from '../stores/token/store.js';

/** What runs in place of WeChat and COS on a developer's machine; provided by dev/, never on SCF. */
export interface EmbeddedParts {
  wechat(config: Config): CodeExchange;
  phones(config: Config): PhoneNumbers;
  objects(config: Config): ObjectStore;
}

export interface Integrations {
  wechat: CodeExchange;
  phones: PhoneNumbers;
  contentCheck: ContentChecker;
  /** Album images' moderation; undefined where text is not checked either (the dev stub, off). */
  media: MediaChecker | undefined;
  objects: ObjectStore;
  sts: { client: StsClient; bucket: string; region: string } | undefined;
}

export function buildIntegrations(
  config: Config,
  tokens: TokenStore,
  clock: Clock,
  embedded: EmbeddedParts | undefined,
): Integrations {
  for (const app of config.apps.values()) registerSecret(app.secret);
  registerSecret(config.push?.token);
  registerSecret(config.push?.aesKey?.toString('base64').slice(0, 43));
  const accessTokens = new AccessTokens(config.wxApiBase, tokens, clock);
  return {
    wechat: config.wechatStub
      ? (embedded?.wechat(config) ?? notConfigured.wechat)
      : new HttpCodeExchange(config.wxApiBase),
    phones: config.wechatStub
      ? (embedded?.phones(config) ?? notConfigured.phones)
      : new WechatPhoneNumbers(config.wxApiBase, accessTokens),
    contentCheck: config.contentCheck
      ? new WechatContentChecker(config.wxApiBase, accessTokens)
      : noContentCheck,
    media: config.contentCheck ? new WechatMediaChecker(config.wxApiBase, accessTokens) : undefined,
    ...cos(config, clock, embedded),
  };
}

/** Outside SCF, with neither the service configured nor dev/'s embedded parts: 503 naming it. */
const notConfigured = (() => {
  const fail = (what: string) => (): never => {
    throw new ServiceUnavailableError(`${what} (not configured)`);
  };
  const bucket = fail('the album bucket: set COS_BUCKET and COS_REGION');
  return {
    wechat: { exchangeCode: async () => fail('WeChat: set WX_APPID and WX_SECRET')() } as CodeExchange,
    phones: { fetch: async () => fail('WeChat: set WX_APPID and WX_SECRET')() } as PhoneNumbers,
    objects: {
      presignPost: bucket,
      presignPut: bucket,
      downloadUrl: bucket,
      list: async () => bucket(),
      head: async () => bucket(),
      delete: async () => bucket(),
    } as ObjectStore,
  };
})();

function cos(
  config: Config,
  clock: Clock,
  embedded: EmbeddedParts | undefined,
): Pick<Integrations, 'objects' | 'sts'> {
  const { cos } = config;
  if (!cos) return { objects: embedded?.objects(config) ?? notConfigured.objects, sts: undefined };
  registerSecret(cos.keys.secretKey);
  registerSecret(cos.keys.sessionToken);
  // Run-role keys are read afresh, so a rotated role is picked up without a cold start.
  const keys = (): CosKeys =>
    cos.runRole && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY
      ? {
          secretId: process.env.TENCENTCLOUD_SECRETID,
          secretKey: process.env.TENCENTCLOUD_SECRETKEY,
          sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN,
        }
      : cos.keys;
  const sts = cos.sts && new StsClient(cos.keys, cos.region, cos.sts.endpoint, clock);
  return {
    objects: new CosObjectStore(new CosPresigner(cos.endpoint, cos.bucket, keys), cos.publicBase),
    sts: sts && { client: sts, bucket: cos.bucket, region: cos.region },
  };
}
