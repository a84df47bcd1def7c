// Temporary COS credentials for cos-wx-sdk-v5's getAuthorization: uploads under the caller's own
// prefix only, for 30 minutes.
import type { StsCredentials } from '../../../contract/wire.js';
import { ServiceUnavailableError } from '../../platform/errors.js';
import type { AuthContext } from '../auth/sessions.js';
import type { AlbumDeps } from './deps.js';
import { IMAGE_TYPES } from './names.js';
import { albumPrefix, ownerPrefix } from './owner.js';

const CREDENTIALS_TTL_SECONDS = 30 * 60;

/** Each call is an STS request signed with the deployment's permanent keys: it spends the same
 * per-user budget as signed uploads. */
export async function temporaryCredentials(
  deps: Pick<AlbumDeps, 'sts' | 'owners' | 'uploadLimiter' | 'maxBytes'>,
  session: AuthContext,
): Promise<StsCredentials> {
  if (!deps.sts) throw new ServiceUnavailableError('STS (not configured)');
  await deps.uploadLimiter.consume(`${session.appId}:${session.openId}`);
  await deps.owners.remember(session.appId, ownerPrefix(session.appId, session.openId), session.openId);
  const { client, bucket, region } = deps.sts;
  const allowPrefix = albumPrefix(session.appId, session.openId);
  const credentials = await client.federationToken({
    bucket,
    region,
    prefix: allowPrefix,
    contentTypes: Object.keys(IMAGE_TYPES),
    maxBytes: deps.maxBytes,
    durationSeconds: CREDENTIALS_TTL_SECONDS,
  });
  return { ...credentials, bucket, region, allowPrefix };
}
