// Helpers for tests that need a logged-in user.
import { expect } from 'vitest';
import * as auth from '../../functions/auth/index.js';
import * as loginFn from '../../functions/login/index.js';
import type { EventFactory } from './events.js';
import { invoke } from './invoke.js';

export interface Session {
  uuid: string;
  skey: string;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API
  data: any;
}

export async function loginAs(
  code: string,
  extra: Record<string, unknown> = {},
  makeEvent?: EventFactory,
): Promise<Session> {
  const res = await invoke(loginFn, { method: 'POST', path: '/login', body: { code, ...extra } }, makeEvent);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { uuid, skey } = res.body.data;
  return { uuid, skey, headers: { 'X-WX-Id': uuid, 'X-WX-Skey': skey }, data: res.body.data };
}

export function authWith(session: Session, makeEvent?: EventFactory) {
  return invoke(auth, { method: 'POST', path: '/auth', headers: session.headers }, makeEvent);
}
