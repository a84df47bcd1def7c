// The docs on the dev server: /docs/<page>.md as text (and the pages' pictures), so the index page
// links the API's documentation beside the playground. Names are checked, never joined blindly.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '../docs');
const PAGE = /^\/docs\/([a-z-]{1,40})\.(md|png)$/;

/** True when it answered (the page, or 404 for a docs path that names no page). */
export async function serveDocs(path: string, res: ServerResponse): Promise<boolean> {
  if (!path.startsWith('/docs/')) return false;
  const match = PAGE.exec(path);
  const body = match ? await readFile(join(dir, `${match[1]}.${match[2]}`)).catch(() => null) : null;
  if (!body) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('no such page; see /docs/api.md');
    return true;
  }
  const type = match![2] === 'png' ? 'image/png' : 'text/markdown; charset=utf-8';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}
