/**
 * The inner loop of every vector comparison, in a module of its own, free of the native vector
 * index: the topic model is built in a worker thread, and in a worker started from the
 * TypeScript sources (an eval'd entry: core/start-worker.ts) importing usearch never returns.
 */

/** Dot product of `a[offset, offset + d)` and `b[0, d)`, four accumulators. */
export function dot(a: Float32Array, offset: number, b: Float32Array, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (let p = offset; j + 3 < d; j += 4, p += 4) {
    s0 += a[p]! * b[j]!;
    s1 += a[p + 1]! * b[j + 1]!;
    s2 += a[p + 2]! * b[j + 2]!;
    s3 += a[p + 3]! * b[j + 3]!;
  }
  for (; j < d; j++) s0 += a[offset + j]! * b[j]!;
  return s0 + s1 + (s2 + s3);
}
