// Album keys: album/<appId>/<owner prefix>/<name>. The owner prefix is derived from the user but
// does not reveal the openId (a one-way hash), so keys can appear in URLs.
import { createHash } from 'node:crypto';
import { ALBUM_NAME_PATTERN } from './names.js';

export function ownerPrefix(appId: string, openId: string): string {
  return createHash('sha256')
    .update(`weapp-scf/album/v1\u0000${appId}\u0000${openId}`)
    .digest('hex')
    .slice(0, 32);
}

export function albumPrefix(appId: string, openId: string): string {
  return `album/${appId}/${ownerPrefix(appId, openId)}/`;
}

/** True when `key` names an image in this user's album. */
export function isOwnAlbumKey(key: string, appId: string, openId: string): boolean {
  const prefix = albumPrefix(appId, openId);
  return key.startsWith(prefix) && ALBUM_NAME_PATTERN.test(key.slice(prefix.length));
}

export interface AlbumKey {
  appId: string;
  /** The owner prefix (ownerPrefix of the user). */
  owner: string;
  name: string;
}

const ALBUM_KEY = /^album\/([A-Za-z0-9_-]{1,64})\/([0-9a-f]{32})\/([^/]{1,255})$/;

/** The parts of an album image's key, or null for any other key. */
export function parseAlbumKey(key: string): AlbumKey | null {
  const match = ALBUM_KEY.exec(key);
  if (!match || !ALBUM_NAME_PATTERN.test(match[3]!)) return null;
  return { appId: match[1]!, owner: match[2]!, name: match[3]! };
}
