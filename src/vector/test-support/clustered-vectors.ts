/**
 * Synthetic vectors shaped like topic embeddings, for tests and benchmarks: unit vectors around
 * random centres with Gaussian noise. Uniform random vectors would not do: in 256 dimensions every
 * pair is near-orthogonal, which no embedding model produces and which makes recall meaningless.
 */
import { mulberry32 } from '../../core/random.js';

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  for (let j = 0; j < v.length; j++) v[j]! /= norm;
  return v;
}

/** `n` unit vectors around `clusters` centres, noise of norm ~`noise`. Deterministic. */
export function clusteredVectors(n: number, d: number, clusters = 1000, noise = 1, seed = 7): Float32Array[] {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: clusters }, () => normalise(Float32Array.from({ length: d }, gauss)));
  const scale = noise / Math.sqrt(d);
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(rand() * clusters)]!;
    return normalise(Float32Array.from(c, (x) => x + scale * gauss()));
  });
}
