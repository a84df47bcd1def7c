// Where a request carries its session. The modern client: X-WX-Id / X-WX-Skey headers (or uuid /
// skey in the JSON body or the query string). The old SDKs, each in its own form, so the failure can
// be answered in the form that makes that SDK log in again:
//   wafer-client-sdk    X-WX-Id "wafer-<uuid>" + X-WX-Skey
//   wafer2-client-sdk   X-WX-Skey "w2.<uuid>.<skey>" alone
//   weapp-session       X-WX-Code (the login code reused as the credential), X-WX-RawData, X-WX-Signature
import { InvalidInputError, InvalidSessionError } from '../../platform/errors.js';
import type { CredentialSource } from '../../platform/http/route.js';
import { SKEY_PATTERN, UUID_PATTERN } from './tokens.js';

export type Protocol = 'modern' | 'wafer' | 'wafer2';

export type Credentials =
  | { kind: 'session'; protocol: Protocol; uuid: string; skey: string }
  | { kind: 'code'; code: string; rawData?: string | undefined; signature?: string | undefined };

const WAFER_ID = /^wafer-([0-9a-f-]{36})$/;
const WAFER2_SKEY = /^w2\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
const CODE = /^[A-Za-z0-9_.~-]{1,256}$/;

export const waferId = (uuid: string) => `wafer-${uuid}`;
export const wafer2Skey = (uuid: string, skey: string) => `w2.${uuid}.${skey}`;

/** The protocol a request speaks, from the shape of its credentials alone (even unknown ones). */
export function protocolOf({ headers }: Pick<CredentialSource, 'headers'>): Protocol | 'weapp-session' {
  const id = headers['x-wx-id'];
  if (id !== undefined) return WAFER_ID.test(id) ? 'wafer' : 'modern';
  if (headers['x-wx-skey'] !== undefined) return 'wafer2';
  if (headers['x-wx-code'] !== undefined) return 'weapp-session';
  return 'modern';
}

export function readCredentials({ headers, query, body }: Omit<CredentialSource, 'sourceIp'>): Credentials {
  const id = headers['x-wx-id'];
  const skeyHeader = headers['x-wx-skey'];
  if (id !== undefined && skeyHeader !== undefined) {
    const wafer = WAFER_ID.exec(id);
    return session(wafer ? 'wafer' : 'modern', wafer?.[1] ?? id, skeyHeader);
  }
  if (skeyHeader !== undefined && id === undefined) {
    const w2 = WAFER2_SKEY.exec(skeyHeader);
    if (!w2) throw new InvalidSessionError();
    return session('wafer2', w2[1]!, w2[2]!);
  }
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const uuid = id ?? fromBody.uuid ?? query.uuid;
  const skey = skeyHeader ?? fromBody.skey ?? query.skey;
  if (uuid !== undefined || skey !== undefined) return session('modern', uuid, skey);
  const code = headers['x-wx-code'];
  if (code !== undefined) {
    if (!CODE.test(code)) throw new InvalidSessionError();
    return {
      kind: 'code',
      code,
      rawData: rawDataOf(headers['x-wx-rawdata']),
      signature: headers['x-wx-signature'] || undefined,
    };
  }
  throw new InvalidSessionError('session credentials are missing: send X-WX-Id and X-WX-Skey');
}

function session(protocol: Protocol, uuid: unknown, skey: unknown): Credentials {
  if (
    typeof uuid !== 'string' ||
    typeof skey !== 'string' ||
    !UUID_PATTERN.test(uuid) ||
    !SKEY_PATTERN.test(skey)
  ) {
    throw new InvalidSessionError();
  }
  return { kind: 'session', protocol, uuid, skey };
}

function rawDataOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  if (header.length > 65_536) throw new InvalidInputError('header x-wx-rawdata is too long');
  try {
    return decodeURIComponent(header);
  } catch {
    throw new InvalidInputError('X-WX-RawData: not valid URI encoding');
  }
}
