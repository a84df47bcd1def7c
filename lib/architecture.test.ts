// The architecture as facts: small files, no import cycle between folders, and every module with
// behaviour imported by some test. (Which layer may import which is Biome's noRestrictedImports.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const MAX_LINES = 200;

function walk(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(join(root, path)).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The repository files a module imports (relative specifiers, `.js` read as the `.ts` source). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) =>
    normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
  );
}

const all = ['lib', 'test', 'dev', 'contract', 'layers', 'functions', 'bench', 'scripts'].flatMap(walk);
const isTest = (f: string) => f.endsWith('.test.ts');
const libModules = all.filter((f) => f.startsWith('lib/') && !isTest(f));

/** A module that declares only types, or re-exports a library (a lazy chunk's boundary), has no
 * behaviour of its own to test. */
function hasNoBehaviour(file: string): boolean {
  const text = readFileSync(join(root, file), 'utf8');
  const statements = text
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => /^(export |const |let |function |class |async )/.test(line));
  return statements.every((line) => /^export (interface|type) |^export \{[^}]*\} from '[^.]/.test(line));
}

describe('lib/', () => {
  it(`has no module over ${MAX_LINES} lines`, () => {
    const long = libModules
      .map((f) => [f, readFileSync(join(root, f), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of libModules) {
      for (const target of importsOf(file)) {
        if (!target.startsWith('lib/') || dirname(target) === dirname(file)) continue;
        const from = edges.get(dirname(file)) ?? new Set<string>();
        from.add(dirname(target));
        edges.set(dirname(file), from);
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (folder: string, path: string[]): void => {
      if (state.get(folder) === 'done') return;
      if (state.get(folder) === 'open') {
        cycles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '));
        return;
      }
      state.set(folder, 'open');
      for (const next of edges.get(folder) ?? []) visit(next, [...path, folder]);
      state.set(folder, 'done');
    };
    for (const folder of edges.keys()) visit(folder, []);
    expect(cycles).toEqual([]);
  });

  it('has every module with behaviour imported by some test', () => {
    const tested = new Set(all.filter(isTest).flatMap(importsOf));
    const untested = libModules.filter((f) => !tested.has(f) && !hasNoBehaviour(f));
    expect(untested.map((f) => relative(root, join(root, f)))).toEqual([]);
  });
});
