// A fake Tencent Cloud STS API on loopback: answers GetFederationToken (or a scripted error) and
// records each call's action and JSON body.
import { createServer } from 'node:http';

export interface FakeSts {
  url: string;
  calls: Array<{ action: string | undefined; body: Record<string, unknown> }>;
  fail: boolean;
  close(): Promise<void>;
}

export async function startFakeSts(): Promise<FakeSts> {
  const fake = { calls: [], fail: false } as unknown as FakeSts;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      fake.calls.push({
        action: req.headers['x-tc-action'] as string | undefined,
        body: JSON.parse(body || '{}'),
      });
      const response = fake.fail
        ? { Error: { Code: 'InternalError', Message: 'busy' }, RequestId: 'r2' }
        : {
            Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmp-key', Token: 'tmp-token' },
            ExpiredTime: 1900000000,
            Expiration: '2030-03-17T17:46:40Z',
            RequestId: 'r1',
          };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
