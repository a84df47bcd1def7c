// For unit tests of code that reads a request: an HttpRequest with these headers (lower-case
// names, as the event adapter gives them) and nothing else in it.
import type { HttpRequest } from './event.js';

export function requestWith(headers: Record<string, string> = {}, method = 'GET', path = '/'): HttpRequest {
  return { method, path, headers, query: {}, body: Buffer.alloc(0), sourceIp: 'ip', requestId: 'r' };
}
