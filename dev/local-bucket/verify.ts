// How COS judges a request, as pure functions: the q-sign-* request signature (header or
// presigned query), and a POST Object form against its signed policy. A failure names COS's code.
import { timingSafeEqual } from 'node:crypto';
import { type CosKeys, cosEncode, signPolicy, signRequest } from '../../lib/platform/cos/sign.js';

export class CosDenied extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const AUTH_PARAMS = [
  'q-sign-algorithm',
  'q-ak',
  'q-sign-time',
  'q-key-time',
  'q-header-list',
  'q-url-param-list',
  'q-signature',
];

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function findKeys(
  keys: readonly CosKeys[],
  secretId: string | undefined,
  token: string | undefined,
): CosKeys {
  const found = keys.find((k) => k.secretId === secretId);
  if (!found)
    throw new CosDenied(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.');
  if (found.sessionToken && found.sessionToken !== token) {
    throw new CosDenied(
      403,
      'InvalidAccessKeyId',
      'x-cos-security-token is missing or does not match the temporary key.',
    );
  }
  return found;
}

function checkWindow(time: string | undefined, nowSeconds: number): void {
  const match = /^(\d+);(\d+)$/.exec(time ?? '');
  if (!match) throw new CosDenied(403, 'AccessDenied', 'q-sign-time is malformed.');
  if (nowSeconds < Number(match[1]) || nowSeconds > Number(match[2])) {
    throw new CosDenied(403, 'AccessDenied', 'Request has expired');
  }
}

export interface IncomingSigned {
  method: string;
  /** Decoded request path. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-case. */
  headers: Record<string, string | undefined>;
}

/** Verifies a request signed in the Authorization header or in the query (presigned URL). */
export function verifyRequest(req: IncomingSigned, keys: readonly CosKeys[], nowSeconds: number): void {
  const auth = new Map<string, string>();
  if (req.headers.authorization) {
    for (const part of req.headers.authorization.split('&')) {
      const i = part.indexOf('=');
      if (i > 0) auth.set(part.slice(0, i), part.slice(i + 1));
    }
  } else {
    for (const name of AUTH_PARAMS) {
      const value = req.query.get(name);
      if (value !== null) auth.set(name, value);
    }
  }
  if (!auth.has('q-signature')) throw new CosDenied(403, 'AccessDenied', 'Access Denied.');
  if (auth.get('q-sign-algorithm') !== 'sha1')
    throw new CosDenied(400, 'InvalidArgument', 'q-sign-algorithm must be sha1');
  const token = req.headers['x-cos-security-token'] ?? req.query.get('x-cos-security-token') ?? undefined;
  const key = findKeys(keys, auth.get('q-ak'), token);
  const time = auth.get('q-sign-time');
  checkWindow(time, nowSeconds);
  if (auth.get('q-key-time') !== time)
    throw new CosDenied(403, 'SignatureDoesNotMatch', 'q-key-time differs from q-sign-time.');

  const headers: Record<string, string> = {};
  for (const name of (auth.get('q-header-list') ?? '').split(';').filter(Boolean)) {
    const value = req.headers[name];
    if (value === undefined)
      throw new CosDenied(403, 'SignatureDoesNotMatch', `signed header ${name} is missing.`);
    headers[name] = value;
  }
  const query: Record<string, string> = {};
  for (const name of (auth.get('q-url-param-list') ?? '').split(';').filter(Boolean)) {
    const actual = [...req.query.keys()].find((k) => cosEncode(k).toLowerCase() === name);
    if (actual === undefined)
      throw new CosDenied(403, 'SignatureDoesNotMatch', `signed parameter ${name} is missing.`);
    query[actual] = req.query.get(actual) ?? '';
  }
  const [start, end] = time!.split(';').map(Number) as [number, number];
  const expected = signRequest({ method: req.method, path: req.path, query, headers }, key, start, end);
  if (
    !sameText(expected.slice(expected.lastIndexOf('q-signature=')), `q-signature=${auth.get('q-signature')}`)
  ) {
    throw new CosDenied(
      403,
      'SignatureDoesNotMatch',
      'The calculated signature does not match the one you provided.',
    );
  }
}

export interface PostedForm {
  /** Text fields, names lower-cased. */
  fields: Map<string, string>;
  fileSize: number;
}

type Condition = Record<string, unknown> | unknown[];

/** The form field a policy condition is about: the policy's q-sign-time is the form's q-key-time. */
function formFieldOf(name: string): string {
  const field = name.replace(/^\$/, '').toLowerCase();
  return field === 'q-sign-time' ? 'q-key-time' : field;
}

/** Verifies a POST Object form: its policy's signature, expiry and every condition. */
export function verifyPostForm(form: PostedForm, bucket: string, keys: readonly CosKeys[], now: Date): void {
  const f = form.fields;
  const policyB64 = f.get('policy');
  if (!policyB64) throw new CosDenied(400, 'InvalidPolicyDocument', 'policy is required.');
  const policyText = Buffer.from(policyB64, 'base64').toString('utf8');
  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(policyText) as typeof policy;
  } catch {
    throw new CosDenied(400, 'InvalidPolicyDocument', 'policy is not JSON.');
  }
  if (f.get('q-sign-algorithm') !== 'sha1')
    throw new CosDenied(400, 'InvalidArgument', 'q-sign-algorithm must be sha1');
  const key = findKeys(keys, f.get('q-ak'), f.get('x-cos-security-token'));
  const time = f.get('q-key-time');
  checkWindow(time, Math.floor(now.getTime() / 1000));
  if (!sameText(signPolicy(policyText, key.secretKey, time!), f.get('q-signature') ?? '')) {
    throw new CosDenied(
      403,
      'SignatureDoesNotMatch',
      'The calculated signature does not match the one you provided.',
    );
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (!(expiration > now.getTime())) throw new CosDenied(403, 'AccessDenied', 'Request has expired');
  if (!Array.isArray(policy.conditions))
    throw new CosDenied(400, 'InvalidPolicyDocument', 'conditions are missing.');

  const covered = new Set(['policy', 'q-signature', 'q-key-time', 'file']);
  const fail = (what: string) =>
    new CosDenied(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${what}`);
  for (const condition of policy.conditions as Condition[]) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition;
      if (op === 'content-length-range') {
        if (form.fileSize > Number(b))
          throw new CosDenied(
            400,
            'EntityTooLarge',
            'Your proposed upload exceeds the maximum allowed size.',
          );
        if (form.fileSize < Number(a))
          throw new CosDenied(
            400,
            'EntityTooSmall',
            'Your proposed upload is smaller than the minimum allowed size.',
          );
        continue;
      }
      const field = formFieldOf(String(a));
      covered.add(field);
      const value = field === 'bucket' ? bucket : f.get(field);
      if (op === 'eq' && value !== b) throw fail(`["eq", "$${field}", ...]`);
      if (op === 'starts-with' && !(value ?? '').startsWith(String(b)))
        throw fail(`["starts-with", "$${field}", ...]`);
      if (op !== 'eq' && op !== 'starts-with')
        throw new CosDenied(400, 'InvalidPolicyDocument', `unknown condition ${String(op)}`);
    } else {
      for (const [name, expected] of Object.entries(condition)) {
        const field = formFieldOf(name);
        covered.add(field);
        const value = field === 'bucket' ? bucket : f.get(field);
        if (value !== expected) throw fail(`{"${name}": ...}`);
      }
    }
  }
  const extra = [...f.keys()].filter((name) => !covered.has(name) && !name.startsWith('x-ignore-'));
  if (extra.length > 0)
    throw new CosDenied(
      403,
      'AccessDenied',
      `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
    );
}
