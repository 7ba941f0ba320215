/**
 * Dependencies point one way: cli → http → web → the features (search, topics, ask, digest,
 * sync, …) → library → store. Read from the source's own import statements (type imports
 * included: a cycle of types is still a tangle to a reader); tests and test-support may reach
 * across, since they assemble the real parts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Each source file's folder under src/ and the folders it imports from. */
function folderImports(src: string): Map<string, Map<string, Set<string>>> {
  const edges = new Map<string, Map<string, Set<string>>>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test-support' && entry.name !== 'e2e' && entry.name !== 'fixtures') walk(full);
        continue;
      }
      if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      const from = path.relative(src, full).split(path.sep)[0]!;
      const text = readFileSync(full, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
        const target = path.relative(src, path.resolve(path.dirname(full), (m[1] ?? m[2])!));
        const to = target.split(path.sep)[0]!;
        if (to === from || target.startsWith('..')) continue;
        const into = edges.get(from) ?? new Map<string, Set<string>>();
        into.set(to, (into.get(to) ?? new Set()).add(path.relative(src, full)));
        edges.set(from, into);
      }
    }
  };
  walk(src);
  return edges;
}

/** Which folders may import a given one (the rest may not). */
const ALLOWED_IMPORTERS: Record<string, string[]> = {
  http: ['cli'],
  web: ['http'],
};

describe('dependencies point one way', () => {
  const edges = folderImports(SRC);
  const importers = (folder: string) => [...edges].filter(([, to]) => to.has(folder));

  it.each(Object.keys(ALLOWED_IMPORTERS))('only %s\'s callers import it', (folder) => {
    const wrong = importers(folder)
      .filter(([from]) => !ALLOWED_IMPORTERS[folder]!.includes(from))
      .map(([from, to]) => `${from} → ${folder}: ${[...to.get(folder)!].join(', ')}`);
    expect(wrong).toEqual([]);
  });

  it('http, web and digest form no cycle', () => {
    const among = ['http', 'web', 'digest'];
    const cycles: string[] = [];
    for (const a of among) for (const b of among) if (a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a)) cycles.push(`${a} ⇄ ${b}: ${[...edges.get(b)!.get(a)!].join(', ')}`);
    expect(cycles).toEqual([]);
  });
});
