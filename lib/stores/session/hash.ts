// A session as a Redis hash: each record field under a one-letter hash field, named here once for
// the store and its Lua scripts.
import type { UserView } from '../../../contract/wire.js';
import { SESSION_DOORS, type SessionDoor, type SessionRecord } from './store.js';

const isDoor = (value: string): boolean => (SESSION_DOORS as readonly string[]).includes(value);

type StoredField = Exclude<keyof SessionRecord, 'uuid'>;

export const HASH_FIELDS = {
  skeyHash: 'h',
  appId: 'a',
  openId: 'o',
  sessionKey: 'k',
  createdAt: 'c',
  lastSeenAt: 'l',
  absoluteExpiresAt: 'x',
  slidingMs: 's',
  user: 'u',
  door: 'd',
} as const satisfies Record<StoredField, string>;

/** The order in which scripts read the fields (HMGET) and `fromHash` expects them. */
export const FIELD_ORDER = Object.keys(HASH_FIELDS) as StoredField[];

/** The HMGET field list for Lua: 'h','a',... */
export const LUA_FIELD_LIST = FIELD_ORDER.map((f) => `'${HASH_FIELDS[f]}'`).join(',');

/** Lua index (1-based) of a field in an HMGET reply of LUA_FIELD_LIST. */
export const luaIndex = (field: StoredField): number => FIELD_ORDER.indexOf(field) + 1;

export function toHash(r: SessionRecord): Record<string, string | number> {
  return {
    [HASH_FIELDS.skeyHash]: r.skeyHash,
    [HASH_FIELDS.appId]: r.appId,
    [HASH_FIELDS.openId]: r.openId,
    [HASH_FIELDS.sessionKey]: r.sessionKey,
    [HASH_FIELDS.createdAt]: r.createdAt,
    [HASH_FIELDS.lastSeenAt]: r.lastSeenAt,
    [HASH_FIELDS.absoluteExpiresAt]: r.absoluteExpiresAt,
    [HASH_FIELDS.slidingMs]: r.slidingMs,
    [HASH_FIELDS.user]: JSON.stringify(r.user),
    ...(r.door ? { [HASH_FIELDS.door]: r.door } : {}),
  };
}

/** A record from HMGET values in FIELD_ORDER; null when the session hash does not exist. */
export function fromHash(uuid: string, values: readonly (string | null | undefined)[]): SessionRecord | null {
  const get = (field: StoredField) => values[FIELD_ORDER.indexOf(field)] ?? '';
  if (values[0] == null) return null;
  return {
    uuid,
    skeyHash: get('skeyHash'),
    appId: get('appId'),
    openId: get('openId'),
    sessionKey: get('sessionKey'),
    createdAt: Number(get('createdAt')),
    lastSeenAt: Number(get('lastSeenAt')),
    absoluteExpiresAt: Number(get('absoluteExpiresAt')),
    slidingMs: Number(get('slidingMs')),
    user: JSON.parse(get('user')) as UserView,
    ...(isDoor(get('door')) ? { door: get('door') as SessionDoor } : {}),
  };
}
