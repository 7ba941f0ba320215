import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A benchmark's results: free-form figures, or why it was skipped. */
export type BenchResult = { name: string; skipped?: string } & Record<string, unknown>;

const here = path.dirname(fileURLToPath(import.meta.url));

/** ../shared beside the repository (PAPERBOY_SHARED overrides). */
export function sharedDir(): string {
  return process.env.PAPERBOY_SHARED ?? path.resolve(here, '..', '..', 'shared');
}

/** Nearest-rank percentile, in ms rounded to 0.01. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return +sorted[rank]!.toFixed(2);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
