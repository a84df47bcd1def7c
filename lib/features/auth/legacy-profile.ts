// Profile fields from the legacy wx.getUserInfo data (rawData or decrypted encryptedData), kept
// only when they have the expected type and size; an avatar only as https.
import { InvalidInputError } from '../../platform/errors.js';
import { parseJsonObject } from '../../platform/json.js';
import type { LegacyProfile } from '../../stores/user/store.js';

export function parseRawData(rawData: string): Record<string, unknown> {
  const data = parseJsonObject(rawData);
  if (!data) throw new InvalidInputError('rawData: not a JSON object');
  return data;
}

export function legacyProfile(data: Record<string, unknown>): LegacyProfile {
  const str = (key: string, max: number) => {
    const v = data[key];
    return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
  };
  const gender = data.gender;
  const avatarUrl = str('avatarUrl', 1024);
  const profile: LegacyProfile = {
    nickName: str('nickName', 64),
    avatarUrl: avatarUrl?.startsWith('https://') ? avatarUrl : undefined,
    gender: gender === 0 || gender === 1 || gender === 2 ? gender : undefined,
    language: str('language', 16),
    city: str('city', 64),
    province: str('province', 64),
    country: str('country', 64),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as LegacyProfile;
}
