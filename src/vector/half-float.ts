/** IEEE 754 half precision (f16), in which HnswIndex keeps its copy of the vectors. */
// Node 20 has no Float16Array.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round-to-nearest-even f16 bits of a number. */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++; // a carry into the exponent is right
  return sign | half;
}

let table: Float32Array | undefined;

/** f16 bits -> value, for all 65,536 patterns (made on first use: a command without f16 vectors never needs it). */
export function halfToFloat(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    table[h] = exp === 0 ? sign * mant * 2 ** -24 : exp === 0x1f ? (mant ? NaN : sign * Infinity) : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
}

/** Dot product of f16 `h[offset, offset + d)` and `query[0, d)`, four accumulators (as dot.ts). */
export function dotHalf(h: Uint16Array, offset: number, query: Float32Array, d: number): number {
  const half = halfToFloat();
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  let p = offset;
  for (; j + 3 < d; j += 4, p += 4) {
    s0 += half[h[p]!]! * query[j]!;
    s1 += half[h[p + 1]!]! * query[j + 1]!;
    s2 += half[h[p + 2]!]! * query[j + 2]!;
    s3 += half[h[p + 3]!]! * query[j + 3]!;
  }
  for (; j < d; j++, p++) s0 += half[h[p]!]! * query[j]!;
  return s0 + s1 + (s2 + s3);
}
