// An HTTPS front for a fake upstream on loopback, as WeChat's API is reached from SCF: TLS with a
// certificate made here (trusted by a Node process through NODE_EXTRA_CA_CERTS), and, when asked,
// a round trip's delay per request and two more per new connection (TCP, then TLS 1.3), so reusing
// a connection shows what it saves. Counts the TLS handshakes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFront {
  url: string;
  /** The certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  handshakes: number;
  /** Closes every connection from the server's side, as a server does after its idle timeout. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startTlsFront(upstream: string, rttMs = 0): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-scf-tls-'));
  const key = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  const target = new URL(upstream);
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sockets = new Set<Socket>();
  const front: TlsFront = {
    url: '',
    caFile,
    handshakes: 0,
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => undefined,
  };
  const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(caFile) }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (rttMs) await delay(rttMs);
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    out.end(Buffer.concat(chunks));
  });
  tls.keepAliveTimeout = 60_000;
  tls.on('secureConnection', () => front.handshakes++);
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  const tlsPort = (tls.address() as AddressInfo).port;
  // In front of TLS, the connection's own round trips: accepted, then held for two of them.
  const tcp = createTcpServer(async (client) => {
    sockets.add(client);
    client.pause();
    if (rttMs) await delay(2 * rttMs);
    const inner = connect(tlsPort, '127.0.0.1');
    sockets.add(inner);
    client.pipe(inner).pipe(client);
    client.resume();
    const end = () => {
      client.destroy();
      inner.destroy();
      sockets.delete(client);
      sockets.delete(inner);
    };
    client.on('error', end).on('close', end);
    inner.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  front.url = `https://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  front.close = async () => {
    for (const s of sockets) s.destroy();
    tls.closeAllConnections();
    await Promise.all([new Promise((r) => tcp.close(r)), new Promise((r) => tls.close(r))]);
    rmSync(dir, { recursive: true, force: true });
  };
  return front;
}
