/**
 * Real arXiv slices of a few primary categories, read from the shared listings
 * (../shared/datasets/arxiv-daily, beside the repository; absent outside the team, and never
 * copied into the project). The small-library topics test and bench/topics-small.ts share them.
 */
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { mulberry32 } from '../../core/random.js';

/** The shared listings' folder; PAPERBOY_SHARED names another ../shared. */
export const LISTINGS_DIR = path.join(
  process.env.PAPERBOY_SHARED ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared'),
  'datasets',
  'arxiv-daily',
);

/** The listing files, sorted; empty when the shared data is absent. */
export function listingFiles(): string[] {
  if (!existsSync(LISTINGS_DIR)) return [];
  return readdirSync(LISTINGS_DIR).filter((f) => f.endsWith('.jsonl.gz')).sort().map((f) => path.join(LISTINGS_DIR, f));
}

/** Rows (JSON lines) of the listings whose primary category is one of `categories` and no other of them, `perCategory` of each, sampled with a fixed seed. */
export async function categorySlice(files: string[], categories: string[], perCategory: number, seed: number): Promise<string[]> {
  const pools = new Map(categories.map((c) => [c, [] as string[]]));
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      const r = JSON.parse(line) as { categories: string[] };
      const pool = pools.get(r.categories[0]!);
      if (pool && r.categories.filter((c) => categories.includes(c)).length === 1) pool.push(line);
    }
  }
  const random = mulberry32(seed);
  return categories.flatMap((c) => {
    const pool = pools.get(c)!;
    for (let i = 0; i < perCategory; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, perCategory);
  });
}
