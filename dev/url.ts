// Where a client reaches the dev server, from the address it listens on.

/** The URL a client uses for `host`: "localhost" for IPv4's loopback and the wildcard addresses,
 * brackets around an IPv6 address (::1 included: localhost may resolve to IPv4 first). */
export function urlFor(host: string, port: number): string {
  const name = ['0.0.0.0', '127.0.0.1', '::', 'localhost'].includes(host)
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  return `http://${name}:${port}`;
}
