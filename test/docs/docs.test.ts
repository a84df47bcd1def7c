// The README and docs/ as a newcomer reads them: the README short (prerequisites first), every
// relative link and anchor resolving, and every variable the configuration reads in the
// configuration table of docs/operations.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../lib/platform/config/env.js';
import {
  CONFIG_PARTS,
  LOCAL_VARIABLES,
  PLATFORM_VARIABLES,
  variablesOf,
} from '../../lib/platform/config/parts.js';

const root = join(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** GitHub's anchor for a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');

/** The anchors of a page: its headings, outside code blocks. */
function anchorsOf(file: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of read(file).split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) out.add(slug(line.replace(/^#+ /, '')));
  }
  return out;
}

describe('README.md and docs/', () => {
  it('the README is at most 200 lines, with the prerequisites in its first 30', () => {
    const lines = read('README.md').split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
    expect(lines.slice(0, 30).join('\n')).toMatch(/## Prerequisites[\s\S]*Node\.js 20\.12/);
  });

  it('has a page for each reader question, each linked from the README', () => {
    const readme = read('README.md');
    for (const page of [
      'api',
      'deploy',
      'mini-program',
      'legacy',
      'moderation',
      'security',
      'operations',
      'performance',
      'architecture',
      'testing',
    ]) {
      expect(existsSync(join(root, `docs/${page}.md`)), page).toBe(true);
      expect(readme).toContain(`](docs/${page}.md)`);
    }
  });

  it.each(pages)('every relative link in %s resolves, anchors included', (page) => {
    let fenced = false;
    const broken: string[] = [];
    for (const line of read(page).split('\n')) {
      if (line.startsWith('```')) fenced = !fenced;
      if (fenced) continue;
      for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // http(s):, mailto:
        const [path, anchor] = target!.split('#');
        const file = path ? join(dirname(page), path) : page;
        if (!existsSync(join(root, file))) broken.push(target!);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(target!);
      }
    }
    expect(broken).toEqual([]);
  });

  it('lists every variable the configuration reads in the configuration table', () => {
    const table = read('docs/operations.md');
    const variables = new Set([
      ...Object.keys(envSchema.shape),
      ...variablesOf(Object.keys(CONFIG_PARTS) as (keyof typeof CONFIG_PARTS)[]),
      ...LOCAL_VARIABLES,
      ...PLATFORM_VARIABLES,
      'HOST',
    ]);
    const missing = [...variables].filter((v) => !new RegExp(`^\\|[^|\\n]*\`${v}\``, 'm').test(table));
    expect(missing).toEqual([]);
  });
});
