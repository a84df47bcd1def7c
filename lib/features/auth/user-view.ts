// What a client sees of a user: their own profile. Never the session_key; the openId only to
// the user themself (other users' views, e.g. comment authors, are built elsewhere without it).

import type { UserView } from '../../../contract/wire.js';

export type { UserView };

const VIEW_FIELDS = [
  'unionId',
  'nickName',
  'avatarUrl',
  'gender',
  'language',
  'city',
  'province',
  'country',
] as const satisfies readonly (keyof UserView)[];

export function toUserView(record: UserView): UserView {
  const view: UserView = { openId: record.openId };
  for (const field of VIEW_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null) (view as unknown as Record<string, unknown>)[field] = value;
  }
  return view;
}
