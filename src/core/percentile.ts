/**
 * Nearest-rank percentile (p from 0 to 100): the smallest of the values with at least p% of them
 * at or below it, so always one of the values (p50 of 1, 2, 3, 4 is 2); NaN when there are none.
 * The one definition behind the latencies and medians that benchmarks and evaluations report.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
