// biome-ignore-all lint/suspicious/noExplicitAny: the API's JSON, kept as SCF sends and records it
// A fake SCF API on loopback, for npm run deploy without an account. Every call's TC3-HMAC-SHA256
// signature is recomputed from the documented algorithm (canonical request, credential scope
// date/scf/tc3_request, the TC3 key chain) and refused when it differs. Functions move through
// SCF's states (Creating -> Active, Updating -> Active, a few GetFunction polls each); calls that
// change a function while it is not Active answer ResourceInUse; unknown ones ResourceNotFound.
// Parameters are checked against the SDK's own request types (./scf-schema.ts): an unknown one is
// UnknownParameter, as API 3.0 answers. Failures can be injected before or after a call's effect
// (an InternalError whose change happened all the same).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { checkParameters } from './scf-schema.js';

export interface FakeScf {
  url: string;
  secretId: string;
  secretKey: string;
  calls: Array<{ action: string; params: Record<string, any> }>;
  functions: Map<string, Record<string, any>>;
  layers: Array<Record<string, any>>;
  /** The next call of `action` fails with `code` (once); with `afterEffect`, the call takes effect
   * first and then answers the error. */
  failNext(action: string, code: string, options?: { afterEffect?: boolean }): void;
  /** The n-th state-changing call from now (0: the next) fails with InternalError, once. */
  failChange(n: number, options?: { afterEffect?: boolean }): void;
  /** The next layer version published ends PublishFailed. */
  failNextPublish(): void;
  /** GetFunction polls before a function that changed is Active again. */
  settlePolls: number;
  actions(): string[];
  close(): Promise<void>;
}

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The signature of a request, by the documented TC3-HMAC-SHA256 algorithm. */
export function tc3Signature(input: {
  secretKey: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  payload: Buffer;
  timestamp: number;
  service: string;
}): string {
  const canonicalHeaders = input.signedHeaders
    .map((h) => `${h}:${(input.headers[h] ?? '').trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = [
    input.method,
    input.path,
    input.query,
    canonicalHeaders,
    input.signedHeaders.join(';'),
    sha256(input.payload),
  ].join('\n');
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256(canonicalRequest)].join(
    '\n',
  );
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

export async function startFakeScf(): Promise<FakeScf> {
  const fake = {
    secretId: `AKID${randomBytes(8).toString('hex')}`,
    secretKey: randomBytes(16).toString('hex'),
    calls: [],
    functions: new Map(),
    layers: [],
    settlePolls: 2,
  } as unknown as FakeScf;
  const failures = new Map<string, { code: string; afterEffect: boolean }>();
  let changeFailure: { left: number; afterEffect: boolean } | undefined;
  let publishFails = false;
  fake.failNext = (action, code, options = {}) =>
    void failures.set(action, { code, afterEffect: options.afterEffect === true });
  fake.failChange = (n, options = {}) => {
    changeFailure = { left: n, afterEffect: options.afterEffect === true };
  };
  fake.failNextPublish = () => {
    publishFails = true;
  };
  fake.actions = () => fake.calls.map((c) => c.action);
  /** The failure injected for this call, if any. */
  const injected = (action: string): { code: string; afterEffect: boolean } | undefined => {
    const named = failures.get(action);
    if (named) {
      failures.delete(action);
      return named;
    }
    if (changeFailure && !/^(Get|List)/.test(action)) {
      if (changeFailure.left-- === 0) {
        const { afterEffect } = changeFailure;
        changeFailure = undefined;
        return { code: 'InternalError', afterEffect };
      }
    }
    return undefined;
  };

  const error = (Code: string, Message: string) => ({ Error: { Code, Message } });
  const layerNumbers = new Map<string, number>();
  const pending = new Map<string, number>();
  const busy = (name: string) => fake.functions.get(name)?.Status !== 'Active';
  const change = (name: string, status: string) => {
    fake.functions.get(name)!.Status = status;
    pending.set(name, fake.settlePolls);
  };

  function handle(action: string, p: Record<string, any>): Record<string, unknown> {
    const fn = p.FunctionName ? fake.functions.get(p.FunctionName) : undefined;
    const missing = () => error('ResourceNotFound.Function', `function ${p.FunctionName} does not exist`);
    switch (action) {
      case 'ListLayerVersions': {
        const versions = fake.layers.filter((l) => l.LayerName === p.LayerName);
        if (versions.length === 0) return error('ResourceNotFound.Layer', 'no such layer');
        return { LayerVersions: versions.map(({ Content: _c, willFail: _w, ...v }) => v).reverse() };
      }
      case 'PublishLayerVersion': {
        // Version numbers are never reused, even after a deletion.
        const LayerVersion = (layerNumbers.get(p.LayerName) ?? 0) + 1;
        layerNumbers.set(p.LayerName, LayerVersion);
        fake.layers.push({ ...p, LayerVersion, Status: 'Publishing', willFail: publishFails });
        publishFails = false;
        return { LayerVersion };
      }
      case 'DeleteLayerVersion': {
        const at = fake.layers.findIndex(
          (l) => l.LayerName === p.LayerName && l.LayerVersion === p.LayerVersion,
        );
        if (at < 0) return error('ResourceNotFound.LayerVersion', 'no such version');
        fake.layers.splice(at, 1);
        return {};
      }
      case 'GetLayerVersion': {
        const layer = fake.layers.find(
          (l) => l.LayerName === p.LayerName && l.LayerVersion === p.LayerVersion,
        );
        if (!layer) return error('ResourceNotFound.LayerVersion', 'no such version');
        const status = layer.Status;
        if (status === 'Publishing') layer.Status = layer.willFail ? 'PublishFailed' : 'Active';
        return { LayerName: layer.LayerName, LayerVersion: layer.LayerVersion, Status: status };
      }
      case 'GetFunction': {
        if (!fn) return missing();
        const left = pending.get(p.FunctionName) ?? 0;
        if (left > 0) pending.set(p.FunctionName, left - 1);
        else if (fn.Status !== 'Active') fn.Status = 'Active';
        const { Code: _code, ...view } = fn;
        return structuredClone(view);
      }
      case 'CreateFunction': {
        if (fn) return error('ResourceInUse.Function', 'function exists');
        fake.functions.set(p.FunctionName, { ...structuredClone(p), Triggers: [] });
        change(p.FunctionName, 'Creating');
        return {};
      }
      case 'UpdateFunctionCode': {
        if (!fn) return missing();
        if (busy(p.FunctionName)) return error('ResourceInUse.Function', 'the function is being updated');
        fn.Code = { ZipFile: p.ZipFile };
        change(p.FunctionName, 'Updating');
        return {};
      }
      case 'UpdateFunctionConfiguration': {
        if (!fn) return missing();
        if (busy(p.FunctionName)) return error('ResourceInUse.Function', 'the function is being updated');
        const { FunctionName: _n, ...config } = p;
        Object.assign(fn, structuredClone(config));
        change(p.FunctionName, 'Updating');
        return {};
      }
      case 'ListTriggers':
        if (!fn) return missing();
        return { Triggers: structuredClone(fn.Triggers), TotalCount: fn.Triggers.length };
      case 'CreateTrigger': {
        if (!fn) return missing();
        if (busy(p.FunctionName)) return error('ResourceInUse.Function', 'the function is being updated');
        const desc = JSON.parse(p.TriggerDesc);
        // A Function URL's description gains its address; a COS trigger's stays as sent.
        const trigger =
          p.Type === 'http'
            ? {
                ...p,
                TriggerDesc: JSON.stringify({
                  ...desc,
                  Url: `https://${p.FunctionName}-1250000000.ap-guangzhou.tencentscf.com`,
                }),
              }
            : { ...p };
        fn.Triggers.push(trigger);
        return { TriggerInfo: trigger };
      }
      default:
        return error('InvalidAction', `the fake knows no ${action}`);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const payload = Buffer.concat(chunks);
      const action = String(req.headers['x-tc-action'] ?? '');
      const answer = (body: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Response: { ...body, RequestId: randomBytes(8).toString('hex') } }));
      };
      const auth =
        /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(
          String(req.headers.authorization ?? ''),
        );
      const timestamp = Number(req.headers['x-tc-timestamp']);
      if (!auth) return answer(error('AuthFailure.InvalidAuthorization', 'no TC3-HMAC-SHA256 Authorization'));
      const [, secretId, date, service, signed, signature] = auth;
      if (secretId !== fake.secretId)
        return answer(error('AuthFailure.SecretIdNotFound', 'unknown SecretId'));
      // The service is the first label of the API's host name (scf for scf.tencentcloudapi.com): for
      // this fake on 127.0.0.1 the SDK signs with "127", as it would sign with "scf" for the real one.
      const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
      if (service !== host.split('.')[0] || date !== new Date(timestamp * 1000).toISOString().slice(0, 10))
        return answer(error('AuthFailure.InvalidAuthorization', 'wrong credential scope'));
      if (Math.abs(Date.now() / 1000 - timestamp) > 300)
        return answer(error('AuthFailure.SignatureExpire', 'expired'));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      // The host as signed: the name without a port (requests to the real API carry none).
      headers.host = host;
      const url = new URL(req.url ?? '/', 'http://x');
      const expected = tc3Signature({
        secretKey: fake.secretKey,
        method: req.method ?? 'POST',
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        signedHeaders: signed!.split(';'),
        payload,
        timestamp,
        service: service!,
      });
      if (expected !== signature)
        return answer(error('AuthFailure.SignatureFailure', 'the signature does not match'));
      const params = JSON.parse(payload.toString('utf8') || '{}') as Record<string, any>;
      const refused = checkParameters(action, params);
      if (refused) return answer(error(refused.code, refused.message));
      fake.calls.push({ action, params });
      const failure = injected(action);
      if (failure && !failure.afterEffect) return answer(error(failure.code, 'injected failure'));
      const result = handle(action, params);
      answer(failure ? error(failure.code, 'injected failure, after the change was made') : result);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
