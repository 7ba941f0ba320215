/**
 * The built-in embedding model: a static bag-of-terms model. Each vocabulary term (an index term
 * from `analyze`: stopwords dropped, Porter-stemmed, so the model agrees with the lexical index)
 * has a learned vector; a text's embedding is the idf-weighted mean of its terms' vectors (each
 * occurrence weighs its term's idf), L2-normalised. Terms outside the vocabulary are skipped; a
 * text with none embeds as the zero vector (it matches nothing).
 *
 * No attention, no context: embedding is a hash lookup and a vector add per term, so it runs at
 * tens of thousands of abstracts per second on one core. Quality comes from training on the
 * user's own library (see train.ts).
 *
 * `open` reads a saved model in parts, for a one-shot command: the vocabulary and idf at once, a
 * term's vector the first time a text uses it (a query needs a few rows of ~100 MB).
 */
import { createHash } from 'node:crypto';
import { bytesSource, type ByteSource } from '../../core/byte-source.js';
import { TokenTable } from '../../text/token-table.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { forEachToken, termOf } from '../../text/analyze.js';

// Bounds the token memo: a stream of junk tokens cannot grow it forever.
const TOKEN_CACHE_LIMIT = 1_000_000;
const MAGIC = 0x4d454250; // "PBEM" read as a little-endian u32
export const STATIC_MODEL_FORMAT_VERSION = 1;
const HEADER_WORDS = 5; // magic, version, dimensions, terms, vocabulary bytes

/** Term ids and pooling weights (weights sum to 1) of one text. */
export interface Bag {
  ids: Int32Array;
  weights: Float32Array;
}

export class StaticModel {
  readonly dimensions: number;
  private termList: readonly string[] | undefined;
  /** Pooling weight (idf) per term id. */
  readonly idf: Float32Array;
  /** Row-major term vectors: term t is row t; for a model opened in parts, row `read.row[t]`. */
  private rows: Float32Array;
  /** Set for a model opened in parts (`open`): where its vectors lie, and which rows were read. */
  private readonly saved: SavedRows | undefined;
  /** Term -> id: a Map of the terms, or (opened in parts) a lookup in the vocabulary's bytes. */
  private readonly termIds: Pick<Map<string, number>, 'get'>;
  private readonly vocabulary: Vocabulary | undefined;
  /** Token (before stemming) -> term id or -1, so embedding stems each distinct word once. */
  private tokenIds = new TokenTable();
  /** Per-call scratch: accumulated weight per term id, zero between calls. */
  private readonly scratch: Float32Array;
  /** Per-call scratch: the distinct term ids of the text being embedded, empty between calls. */
  private readonly unique: number[] = [];
  private hash: string | undefined;

  constructor(terms: readonly string[], idf: Float32Array, vectors: Float32Array, dimensions: number);
  constructor(terms: Vocabulary, idf: Float32Array, vectors: SavedRows, dimensions: number);
  constructor(terms: readonly string[] | Vocabulary, idf: Float32Array, vectors: Float32Array | SavedRows, dimensions: number) {
    if (!(Number.isInteger(dimensions) && dimensions > 0)) throw new RangeError(`invalid dimensions ${dimensions}`);
    const n = terms instanceof Vocabulary ? terms.size : terms.length;
    const values = vectors instanceof Float32Array ? vectors.length : n * dimensions;
    if (idf.length !== n || values !== n * dimensions) {
      throw new RangeError(`model arrays disagree: ${n} terms, ${idf.length} idfs, ${values} vector values at ${dimensions} dimensions`);
    }
    this.dimensions = dimensions;
    this.idf = idf;
    this.rows = vectors instanceof Float32Array ? vectors : new Float32Array(0);
    this.saved = vectors instanceof Float32Array ? undefined : vectors;
    if (terms instanceof Vocabulary) {
      this.vocabulary = terms;
      this.termIds = {
        get: (term) => {
          const id = terms.indexOf(term);
          return id < 0 ? undefined : id;
        },
      };
    } else {
      this.termList = terms;
      const ids = new Map<string, number>();
      for (let i = 0; i < terms.length; i++) ids.set(terms[i]!, i);
      this.termIds = ids;
    }
    this.scratch = new Float32Array(n);
  }

  /** Vocabulary terms, by id. */
  get terms(): readonly string[] {
    return (this.termList ??= this.vocabulary!.toArray());
  }

  /** Row-major term vectors: term t is [t * dimensions, (t + 1) * dimensions). A model opened in parts has none at hand. */
  get vectors(): Float32Array {
    if (this.saved) throw new Error('this model was opened in parts: load it whole (deserialize) to train it or share it');
    return this.rows;
  }

  /** Opened in parts (`open`): its vectors are read as texts need them. */
  get openedInParts(): boolean {
    return this.saved !== undefined;
  }

  get vocabularySize(): number {
    return this.idf.length;
  }

  /** Id of an index term, or -1. */
  termId(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  /** The vocabulary term ids of a text's index terms, in order, repeats kept. */
  termIdsOf(text: string): number[] {
    const ids: number[] = [];
    forEachToken(text, (folded, start, end) => {
      const id = this.tokenId(folded, start, end);
      if (id >= 0) ids.push(id);
    });
    return ids;
  }

  /** Term id of a token (a slice of a folded text): -1 for a stopword or a term outside the vocabulary. Memoised. */
  private tokenId(folded: string, start: number, end: number): number {
    // Bounded, so a stream of junk queries cannot grow it forever.
    if (this.tokenIds.size >= TOKEN_CACHE_LIMIT) this.tokenIds = new TokenTable();
    return this.tokenIds.lookup(folded, start, end, this.termIdOfToken);
  }

  private readonly termIdOfToken = (token: string): number => {
    const term = termOf(token);
    return term === undefined ? -1 : (this.termIds.get(term) ?? -1);
  };

  /** Pooling bag of term ids (repeats merged; weight = occurrences × idf, normalised to sum 1). */
  bagOf(ids: ArrayLike<number>): Bag {
    return makeBag(ids, this.idf, this.scratch);
  }

  /** One L2-normalised vector per text (all zeros for a text with no known term). */
  embed(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => {
      const out = new Float32Array(this.dimensions);
      this.embedAt(text, out, 0);
      return out;
    });
  }

  /**
   * `embed`, into one array: text i's vector is `out[i × dimensions, (i + 1) × dimensions)`
   * (`out` all zero beforehand; a new one when omitted). Same values as `embed`, bit for bit.
   */
  embedInto(texts: readonly string[], out: Float32Array = new Float32Array(texts.length * this.dimensions)): Float32Array {
    if (out.length < texts.length * this.dimensions) throw new RangeError(`${out.length} values cannot hold ${texts.length} vectors`);
    for (let i = 0; i < texts.length; i++) this.embedAt(texts[i]!, out, i * this.dimensions);
    return out;
  }

  /** Embeds `text` into out[at, at + dimensions), which must be zero. */
  private embedAt(text: string, out: Float32Array, at: number): void {
    const { dimensions: dim, idf, scratch, unique } = this;
    // Accumulate each term's weight (occurrences × idf), then add each distinct term once.
    forEachToken(text, (folded, start, end) => {
      const t = this.tokenId(folded, start, end);
      if (t < 0) return;
      if (scratch[t] === 0) unique.push(t);
      scratch[t]! += idf[t]!;
    });
    const rowOf = this.saved ? this.readRows(this.saved, unique) : undefined;
    const vectors = this.rows;
    const tail = dim & ~3;
    for (const t of unique) {
      const w = scratch[t]!;
      scratch[t] = 0;
      const base = (rowOf ? rowOf[t]! : t) * dim;
      let k = 0;
      for (; k < tail; k += 4) {
        out[at + k]! += w * vectors[base + k]!;
        out[at + k + 1]! += w * vectors[base + k + 1]!;
        out[at + k + 2]! += w * vectors[base + k + 2]!;
        out[at + k + 3]! += w * vectors[base + k + 3]!;
      }
      for (; k < dim; k++) out[at + k]! += w * vectors[base + k]!;
    }
    unique.length = 0;
    normalise(at === 0 && out.length === dim ? out : out.subarray(at, at + dim));
  }

  /**
   * Reads the rows of these terms not read yet, in one pass over the saved vectors in term order;
   * returns where each term's row now is.
   */
  private readRows(saved: SavedRows, ids: readonly number[]): Int32Array {
    const dim = this.dimensions;
    const missing = ids.filter((t) => saved.row[t]! < 0).sort((a, b) => a - b);
    if (missing.length > 0) {
      if ((saved.count + missing.length) * dim > this.rows.length) {
        const grown = new Float32Array(Math.max(2 * this.rows.length, (saved.count + missing.length) * dim, 256 * dim));
        grown.set(this.rows.subarray(0, saved.count * dim));
        this.rows = grown;
      }
      const rowBytes = 4 * dim;
      // Neighbouring terms' rows in one read: a read costs more than a few rows' bytes.
      for (let i = 0; i < missing.length; ) {
        let j = i + 1;
        while (j < missing.length && missing[j]! - missing[j - 1]! <= 8) j++;
        const first = missing[i]!;
        const span = missing[j - 1]! - first + 1;
        const bytes = saved.source.read(saved.vectorsAt + first * rowBytes, span * rowBytes);
        const values = bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, span * dim) : new Float32Array(bytes.slice().buffer);
        for (let k = i; k < j; k++) {
          const t = missing[k]!;
          saved.row[t] = saved.count;
          this.rows.set(values.subarray((t - first) * dim, (t - first + 1) * dim), saved.count * dim);
          saved.count++;
        }
        i = j;
      }
    }
    return saved.row;
  }

  /**
   * Copies of these terms' vectors, by id (ids outside the vocabulary skipped). A model opened in
   * parts reads only these rows, in one pass in term order, neighbouring rows in one read, and
   * keeps them for later texts; one loaded whole copies them from memory.
   */
  rowsOf(ids: readonly number[]): Map<number, Float32Array> {
    const dim = this.dimensions;
    const known = ids.filter((t) => t >= 0 && t < this.idf.length);
    const rowOf = this.saved ? this.readRows(this.saved, known) : undefined;
    return new Map(known.map((t) => {
      const base = (rowOf ? rowOf[t]! : t) * dim;
      return [t, this.rows.slice(base, base + dim)];
    }));
  }

  /** SHA-256 of the serialized model, hex. */
  weightsHash(): string {
    return (this.hash ??= this.saved?.sha256 ?? createHash('sha256').update(this.serialize()).digest('hex'));
  }

  /**
   * Binary form, little-endian: u32 magic "PBEM", u32 format version, u32 dimensions, u32 terms,
   * u32 vocabulary bytes; f32[terms] idf; f32[terms × dimensions] vectors; vocabulary as UTF-8,
   * joined by "\n" (terms never contain one), padded to 4 bytes.
   */
  serialize(): Uint8Array {
    if (this.saved) return this.saved.source.read(0, this.saved.source.length);
    const vocab = new TextEncoder().encode(this.terms.join('\n'));
    const n = this.terms.length;
    const out = new Uint8Array(4 * (HEADER_WORDS + n + n * this.dimensions) + align4(vocab.length));
    const words = new Uint32Array(out.buffer, 0, HEADER_WORDS);
    words.set([MAGIC, STATIC_MODEL_FORMAT_VERSION, this.dimensions, n, vocab.length]);
    let at = HEADER_WORDS * 4;
    new Float32Array(out.buffer, at, n).set(this.idf);
    at += 4 * n;
    new Float32Array(out.buffer, at, n * this.dimensions).set(this.vectors);
    at += 4 * n * this.dimensions;
    out.set(vocab, at);
    return out;
  }

  /** Reads `serialize()` output; throws an Error naming the problem for anything else. */
  static deserialize(bytes: Uint8Array): StaticModel {
    const { dimensions, vocabulary, idf, vectorsAt } = readHead(bytesSource(bytes));
    const terms = vocabulary.toArray();
    const data = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    // Shared memory, so embedding worker threads read the model without copying it.
    const vectors = sharedFloat32(terms.length * dimensions);
    vectors.set(new Float32Array(data.buffer, data.byteOffset + vectorsAt, terms.length * dimensions));
    return new StaticModel(terms, idf, vectors, dimensions);
  }

  /**
   * Opens `serialize()` output in parts: the vocabulary and idf now, each term's vector when a
   * text first uses it. `sha256` is that of the bytes (the store keeps it with an artifact), so
   * the model id is known without reading them all; `lookup` (a saved `vocabularyLookup`) spares
   * indexing the vocabulary. `source` must stay readable while the model is used.
   */
  static open(source: ByteSource, sha256: string, lookup?: VocabularyLookup): StaticModel {
    const { dimensions, vocabulary, idf, vectorsAt } = readHead(source, lookup);
    return new StaticModel(vocabulary, idf, { source, vectorsAt, sha256, row: new Int32Array(vocabulary.size).fill(-1), count: 0 }, dimensions);
  }

  /** How a model opened in parts finds its terms: saved beside it, it spares the next `open` a pass over the vocabulary. */
  get vocabularyLookup(): VocabularyLookup {
    const vocabulary = this.vocabulary ?? Vocabulary.of(this.terms);
    return { offsets: vocabulary.offsets, table: vocabulary.lookupTable };
  }
}

/** The offsets and hash table of a model's vocabulary (text/vocabulary.ts). */
export interface VocabularyLookup {
  offsets: Int32Array;
  table: Int32Array;
}

/** Where a model opened in parts keeps its vectors, and the rows read so far. */
interface SavedRows {
  source: ByteSource;
  /** Byte offset of the first vector in `source`. */
  vectorsAt: number;
  sha256: string;
  /** Term id -> its row among those read, -1 until read. */
  row: Int32Array;
  /** Rows read. */
  count: number;
}

/** The header, idf and vocabulary of `serialize()` output; throws an Error naming the problem for anything else. */
function readHead(source: ByteSource, lookup?: VocabularyLookup): { dimensions: number; vocabulary: Vocabulary; idf: Float32Array; vectorsAt: number } {
  const fail = (why: string): never => {
    throw new Error(`not a paperboy built-in embedding model: ${why}`);
  };
  if (source.length < HEADER_WORDS * 4) fail(`${source.length} bytes is too short`);
  const head = source.read(0, HEADER_WORDS * 4);
  const header = new DataView(head.buffer, head.byteOffset, HEADER_WORDS * 4);
  const word = (i: number) => header.getUint32(i * 4, true);
  if (word(0) !== MAGIC) fail('bad magic number');
  if (word(1) !== STATIC_MODEL_FORMAT_VERSION) {
    throw new Error(`built-in embedding model format version ${word(1)} is not supported (this paperboy reads version ${STATIC_MODEL_FORMAT_VERSION}); retrain the model`);
  }
  const [dimensions, n, vocabBytes] = [word(2), word(3), word(4)];
  if (dimensions === 0) fail('zero dimensions');
  const expected = 4 * (HEADER_WORDS + n + n * dimensions) + align4(vocabBytes);
  if (source.length !== expected) fail(`its header implies ${expected} bytes, got ${source.length}`);
  const idfBytes = source.read(HEADER_WORDS * 4, 4 * n);
  // Shared memory, so embedding worker threads read the model without copying it.
  const idf = sharedFloat32(n);
  idf.set(idfBytes.byteOffset % 4 === 0 ? new Float32Array(idfBytes.buffer, idfBytes.byteOffset, n) : new Float32Array(idfBytes.slice().buffer));
  const vectorsAt = 4 * (HEADER_WORDS + n);
  const vocabulary = new Vocabulary(source.read(vectorsAt + 4 * n * dimensions, vocabBytes), lookup?.offsets, lookup?.table);
  if (vocabulary.size !== n) fail('its vocabulary does not match its term count');
  for (let i = 0; i < n; i++) if (!(idf[i]! >= 0)) fail(`term ${i} has an invalid idf`);
  return { dimensions, vocabulary, idf, vectorsAt };
}

const align4 = (n: number) => (n + 3) & ~3;

/** A zeroed Float32Array in a SharedArrayBuffer: worker threads can read it without a copy. */
export const sharedFloat32 = (length: number) => new Float32Array(new SharedArrayBuffer(4 * length));

/** `a` if it is in shared memory, else a copy of it that is. */
export function toShared(a: Float32Array): Float32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const shared = sharedFloat32(a.length);
  shared.set(a);
  return shared;
}

/**
 * Bag of `ids`: repeats merged, weight = occurrences × idf, normalised to sum 1 (empty when no
 * id has positive weight). `scratch` (one slot per term, all zero) is left all zero.
 */
export function makeBag(ids: ArrayLike<number>, idf: Float32Array, scratch: Float32Array): Bag {
  const unique: number[] = [];
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    const t = ids[i]!;
    const w = idf[t]!;
    if (scratch[t] === 0 && w > 0) unique.push(t);
    scratch[t]! += w;
    total += w;
  }
  const bag: Bag = { ids: new Int32Array(unique), weights: new Float32Array(unique.length) };
  for (let i = 0; i < unique.length; i++) {
    const t = unique[i]!;
    bag.weights[i] = scratch[t]! / total;
    scratch[t] = 0;
  }
  return bag;
}

/** out = Σ weight × vector over the bag (overwrites `out`). */
export function poolInto(vectors: Float32Array, dim: number, bag: Bag, out: Float32Array): void {
  out.fill(0);
  const { ids, weights } = bag;
  const tail = dim & ~3;
  for (let i = 0; i < ids.length; i++) {
    const w = weights[i]!;
    const base = ids[i]! * dim;
    let k = 0;
    for (; k < tail; k += 4) {
      out[k]! += w * vectors[base + k]!;
      out[k + 1]! += w * vectors[base + k + 1]!;
      out[k + 2]! += w * vectors[base + k + 2]!;
      out[k + 3]! += w * vectors[base + k + 3]!;
    }
    for (; k < dim; k++) out[k]! += w * vectors[base + k]!;
  }
}

/** Scales `v` to unit length in place; returns its former length (a zero vector stays zero). */
export function normalise(v: Float32Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let k = 0; k < v.length; k++) v[k]! /= norm;
  return norm;
}
