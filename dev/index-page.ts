// GET / on the dev server: a small page that says where everything is (the playground, the game,
// the docs) and lists every route with the function that serves it.
import type { ServerResponse } from 'node:http';

export interface RouteLine {
  method: string;
  path: string;
  name: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function indexPage(routes: readonly RouteLine[]): string {
  const rows = routes
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.method)}</td><td><code>${escapeHtml(r.path)}</code></td><td>${escapeHtml(r.name)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>weapp-scf dev server</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:56em;padding:0 1em}td{padding:2px 12px 2px 0}code{font-size:90%}</style>
</head><body>
<h1>weapp-scf dev server</h1>
<ul>
<li><a href="/playground/">The playground</a>: log in as dev users, draw, upload, comment, export and delete an account.</li>
<li><a href="/playground/game.html">The game</a> (WebSocket <code>/game</code>).</li>
<li>The docs: <a href="/docs/api.md">the API</a> (every route below answers JSON
<code>{"ok": true, "data"}</code> or <code>{"ok": false, "error", "message", "requestId"}</code>),
<a href="/docs/mini-program.md">the mini program and the client</a>,
<a href="/docs/operations.md">configuration</a>, <a href="/docs/deploy.md">deploy</a>.</li>
</ul>
<table><thead><tr><th>method</th><th>path</th><th>function</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export function sendIndex(res: ServerResponse, routes: readonly RouteLine[], head: boolean): void {
  const body = indexPage(routes);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}
