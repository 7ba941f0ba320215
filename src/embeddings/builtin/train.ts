/**
 * Trains the built-in static embedding model (static-model.ts) on the user's own library, with
 * no labels: unsupervised contrastive pretraining in the style of dense retrievers (ICT,
 * Contriever), scaled down to a bag-of-terms encoder.
 *
 * Positive pairs, drawn afresh every epoch from each document:
 *  - title ↔ abstract;
 *  - inverse cloze task: one sentence of the abstract ↔ the title and the rest of the abstract
 *    (a claim-like sentence must find the text it came from: the closest unsupervised
 *    stand-in for a query and its relevant abstract).
 * Loss: symmetric InfoNCE over each batch's pairs, the other pairs' texts as negatives (pairs
 * from the same document are masked out: they are not negatives). Encoder: the model's pooling
 * (idf-weighted mean, then L2 normalisation); the gradient for a term vector is the pooled
 * vector's gradient times the term's pooling weight. Optimiser: row-wise Adagrad (one squared-
 * gradient accumulator per term), lazily over the terms a batch touches.
 *
 * Vectors start as random Gaussians, so the untrained model is a random projection of the
 * idf-weighted bag of words (lexical overlap); training moves terms that appear in the same
 * contexts together. Deterministic for a given seed.
 */
import { mulberry32 } from '../../core/random.js';
import { analyze } from '../../text/analyze.js';
import { type Bag, normalise, poolInto, sharedFloat32, StaticModel } from './static-model.js';

export interface TrainingDoc {
  /** Plain text (see text/normalise.ts toPlainText). */
  title: string;
  abstract: string;
}

export interface TrainOptions {
  /** Vector size. Default 256. */
  dimensions?: number;
  /**
   * Passes over the library. Default 2, or 1 for a library over 20,000 documents (one pass then
   * has enough pairs; it keeps training on 75k abstracts to a few minutes).
   */
  epochs?: number;
  /** Pairs per InfoNCE batch (in-batch negatives). Default 256. */
  batchSize?: number;
  /** Softmax temperature of the InfoNCE loss. Default 0.1. */
  temperature?: number;
  /** Adagrad learning rate. Default 0.1. */
  learningRate?: number;
  /**
   * Terms in fewer documents are left out of the vocabulary. Default 1: terms of one document
   * (rare names, identifiers) are what a query shares with exactly its document.
   */
  minCount?: number;
  /** Inverse-cloze (sentence ↔ rest) pairs per document per epoch. Default 2. */
  clozePairs?: number;
  /**
   * Probability that a pair's longer side loses every term its shorter side has, so the pair can
   * only be matched through learned associations (exact matches are the lexical index's job).
   * Default 0.5.
   */
  dropOverlap?: number;
  /**
   * Initialisation context: term vectors start as the idf-weighted sum of random vectors of the
   * terms within this many positions (a random projection of the co-occurrence matrix, as in
   * random indexing). 0 starts from plain random vectors. Default 5.
   */
  initWindow?: number;
  /** Random seed. Default 1. */
  seed?: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Fraction of all training done, 0 to 1. */
  done: number;
  /** Mean loss of the current epoch so far. */
  loss: number;
}

const DEFAULTS: Required<TrainOptions> = {
  dimensions: 256,
  epochs: 2,
  batchSize: 256,
  temperature: 0.1,
  learningRate: 0.1,
  minCount: 1,
  clozePairs: 2,
  dropOverlap: 0.5,
  initWindow: 5,
  seed: 1,
};

const LARGE_LIBRARY = 20_000;

// Sentence ends: ".", "!" or "?" then space then an upper-case letter, digit or bracket.
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9(["])/;

/** A document as vocabulary term ids: its title, then its abstract's sentences. */
interface PreparedDoc {
  title: Int32Array;
  sentences: Int32Array[];
}

export function trainStaticModel(
  docs: readonly TrainingDoc[],
  options: TrainOptions = {},
  onProgress?: (p: TrainProgress) => void,
): StaticModel {
  const o = { ...DEFAULTS, epochs: docs.length > LARGE_LIBRARY ? 1 : DEFAULTS.epochs, ...options };
  const { dimensions: dim } = o;
  const rng = mulberry32(o.seed);

  // Vocabulary: index terms in at least minCount documents, sorted; BM25's idf.
  const analyzed = docs.map((d) => ({
    title: analyze(d.title),
    sentences: d.abstract.split(SENTENCE_END).map((s) => analyze(s)).filter((s) => s.length > 0),
  }));
  const df = new Map<string, number>();
  for (const d of analyzed) {
    for (const term of new Set([...d.title, ...d.sentences.flat()])) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const terms = [...df.keys()].filter((t) => df.get(t)! >= o.minCount).sort();
  const n = docs.length;
  // In shared memory, so embedding worker threads can use the trained model without a copy.
  const idf = sharedFloat32(terms.length);
  idf.set(terms.map((t) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5))));
  const vectors = sharedFloat32(terms.length * dim);
  for (let i = 0; i < vectors.length; i++) vectors[i] = gaussian(rng);
  const model = new StaticModel(terms, idf, vectors, dim);
  const ids = (list: string[]) => new Int32Array(list.map((t) => model.termId(t)).filter((t) => t >= 0));
  const prepared: PreparedDoc[] = analyzed.map((d) => ({ title: ids(d.title), sentences: d.sentences.map(ids) }));
  analyzed.length = 0;
  if (o.initWindow > 0) contextInit(model, prepared, o.initWindow);

  const trainer = new ContrastiveTrainer(model, o);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const pairs = makePairs(prepared, model, o.clozePairs, o.dropOverlap, rng);
    shuffle(pairs, rng);
    let lossSum = 0;
    let batches = 0;
    for (let at = 0; at < pairs.length; at += o.batchSize) {
      const batch = pairs.slice(at, at + o.batchSize);
      if (batch.length < 2) break;
      lossSum += trainer.step(batch);
      batches++;
      onProgress?.({ epoch, epochs: o.epochs, done: (epoch + (at + batch.length) / pairs.length) / o.epochs, loss: lossSum / batches });
    }
  }
  return model;
}

/**
 * Replaces each term's (random) vector by the idf-weighted sum of the random vectors of the terms
 * within `window` positions of its occurrences (title and abstract each one run), unit length,
 * then centred: distributional similarity, cheaply (one pass, no co-occurrence matrix).
 */
function contextInit(model: StaticModel, docs: PreparedDoc[], window: number): void {
  const { dimensions: dim, idf, vectors: random } = model;
  const ctx = new Float32Array(random.length);
  // Window sums by prefix sums over the run: prefix[p] = Σ_{q < p} idf × random vector of term q.
  let prefix = new Float32Array(0);
  for (const d of docs) {
    for (const run of [d.title, concatIds(d.sentences)]) {
      const len = run.length;
      if ((len + 1) * dim > prefix.length) prefix = new Float32Array((len + 1) * dim * 2);
      for (let p = 0; p < len; p++) {
        const w = idf[run[p]!]!;
        const src = run[p]! * dim;
        const from = p * dim;
        const to = from + dim;
        for (let k = 0; k < dim; k++) prefix[to + k] = prefix[from + k]! + w * random[src + k]!;
      }
      for (let p = 0; p < len; p++) {
        const t = run[p]!;
        const w = idf[t]!;
        const hi = Math.min(len, p + window + 1) * dim;
        const lo = Math.max(0, p - window) * dim;
        const base = t * dim;
        for (let k = 0; k < dim; k++) {
          ctx[base + k]! += prefix[hi + k]! - prefix[lo + k]! - w * random[base + k]!;
        }
      }
    }
  }
  const mean = new Float64Array(dim);
  for (let t = 0; t < model.vocabularySize; t++) {
    const row = ctx.subarray(t * dim, (t + 1) * dim);
    if (normalise(row) === 0) row.set(random.subarray(t * dim, (t + 1) * dim));
    for (let k = 0; k < dim; k++) mean[k]! += row[k]! / model.vocabularySize;
  }
  for (let t = 0; t < model.vocabularySize; t++) {
    for (let k = 0; k < dim; k++) random[t * dim + k] = ctx[t * dim + k]! - mean[k]!;
  }
}

function concatIds(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A positive pair: two texts of document `group`. */
export interface Pair {
  left: Bag;
  right: Bag;
  group: number;
}

/** This epoch's positive pairs: title ↔ abstract, and `cloze` sentence ↔ rest per document. */
function makePairs(docs: PreparedDoc[], model: StaticModel, cloze: number, dropOverlap: number, rng: () => number): Pair[] {
  const pairs: Pair[] = [];
  const seen = new Uint8Array(model.vocabularySize);
  /** `long` without the terms of `short`, with probability dropOverlap. */
  const maybeDrop = (short: Int32Array, long: Int32Array): Int32Array => {
    if (dropOverlap === 0 || rng() >= dropOverlap) return long;
    for (const t of short) seen[t] = 1;
    const out = long.filter((t) => seen[t] === 0);
    for (const t of short) seen[t] = 0;
    return out;
  };
  const push = (short: Int32Array, long: Int32Array, group: number) => {
    const rest = maybeDrop(short, long);
    if (rest.length > 0) pairs.push({ left: model.bagOf(short), right: model.bagOf(rest), group });
  };
  const concat = concatIds;
  docs.forEach((d, group) => {
    const abstract = concat(d.sentences);
    if (d.title.length > 0 && abstract.length > 0) {
      push(d.title, abstract, group);
    }
    if (d.sentences.length < 2) return;
    for (let c = 0; c < cloze; c++) {
      const s = Math.floor(rng() * d.sentences.length);
      const sentence = d.sentences[s]!;
      if (sentence.length < 3) continue;
      const rest = concat([d.title, ...d.sentences.filter((_, i) => i !== s)]);
      push(sentence, rest, group);
    }
  });
  return pairs;
}

/** Symmetric InfoNCE with in-batch negatives, and row-wise Adagrad on the model's vectors. */
export class ContrastiveTrainer {
  private readonly dim: number;
  private readonly grad: Float32Array;
  /** Adagrad's accumulated mean squared gradient per term. */
  private readonly accum: Float32Array;
  private readonly touched: Uint8Array;

  constructor(
    private readonly model: StaticModel,
    private readonly options: { temperature: number; learningRate: number },
  ) {
    this.dim = model.dimensions;
    this.grad = new Float32Array(model.vectors.length);
    this.accum = new Float32Array(model.vocabularySize);
    this.touched = new Uint8Array(model.vocabularySize);
  }

  /** One optimisation step on a batch; returns its loss. */
  step(batch: Pair[]): number {
    const { model, dim, grad, accum, touched } = this;
    const loss = contrastiveLossAndGrad(model.vectors, dim, batch, this.options.temperature, grad);
    const lr = this.options.learningRate;
    for (const p of batch) {
      for (const bag of [p.left, p.right]) {
        for (const t of bag.ids) {
          if (touched[t]) continue;
          touched[t] = 1;
          const base = t * dim;
          let sq = 0;
          for (let k = 0; k < dim; k++) sq += grad[base + k]! * grad[base + k]!;
          accum[t]! += sq / dim;
          const scale = lr / Math.sqrt(accum[t]! + 1e-10);
          for (let k = 0; k < dim; k++) {
            model.vectors[base + k]! -= scale * grad[base + k]!;
            grad[base + k] = 0;
          }
        }
      }
    }
    for (const p of batch) {
      for (const t of p.left.ids) touched[t] = 0;
      for (const t of p.right.ids) touched[t] = 0;
    }
    return loss;
  }
}

/**
 * Symmetric InfoNCE loss of a batch: pair i's left text must pick its right text among all right
 * texts (and vice versa), logits = cosine / temperature, pairs of the same group masked out.
 * Adds d(loss)/d(vectors) into `grad` (row-major like `vectors`); returns the loss.
 */
export function contrastiveLossAndGrad(
  vectors: Float32Array,
  dim: number,
  batch: readonly Pair[],
  temperature: number,
  grad: Float32Array,
): number {
  const b = batch.length;
  const left = new Float32Array(b * dim);
  const right = new Float32Array(b * dim);
  const leftNorm = new Float64Array(b);
  const rightNorm = new Float64Array(b);
  for (let i = 0; i < b; i++) {
    const l = left.subarray(i * dim, (i + 1) * dim);
    const r = right.subarray(i * dim, (i + 1) * dim);
    poolInto(vectors, dim, batch[i]!.left, l);
    leftNorm[i] = normalise(l);
    poolInto(vectors, dim, batch[i]!.right, r);
    rightNorm[i] = normalise(r);
  }
  // Logits.
  const s = new Float64Array(b * b);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      if (i !== j && batch[i]!.group === batch[j]!.group) {
        s[i * b + j] = -Infinity;
        continue;
      }
      s[i * b + j] = dot(left, i * dim, right, j * dim, dim) / temperature;
    }
  }
  // d(loss)/d(logits): (softmax - one-hot) / b per direction, halved for the symmetric mean.
  const ds = new Float64Array(b * b);
  let loss = 0;
  for (let i = 0; i < b; i++) {
    let max = -Infinity;
    for (let j = 0; j < b; j++) max = Math.max(max, s[i * b + j]!);
    let z = 0;
    for (let j = 0; j < b; j++) z += Math.exp(s[i * b + j]! - max);
    loss += Math.log(z) + max - s[i * b + i]!;
    for (let j = 0; j < b; j++) ds[i * b + j]! += Math.exp(s[i * b + j]! - max) / z / (2 * b);
    ds[i * b + i]! -= 1 / (2 * b);
  }
  for (let j = 0; j < b; j++) {
    let max = -Infinity;
    for (let i = 0; i < b; i++) max = Math.max(max, s[i * b + j]!);
    let z = 0;
    for (let i = 0; i < b; i++) z += Math.exp(s[i * b + j]! - max);
    loss += Math.log(z) + max - s[j * b + j]!;
    for (let i = 0; i < b; i++) ds[i * b + j]! += Math.exp(s[i * b + j]! - max) / z / (2 * b);
    ds[j * b + j]! -= 1 / (2 * b);
  }
  loss /= 2 * b;
  // Back through the cosines to the normalised vectors, then the norms, then the pooling.
  const dLeft = new Float32Array(dim);
  const dRight = new Float32Array(dim);
  for (let i = 0; i < b; i++) {
    dLeft.fill(0);
    dRight.fill(0);
    for (let j = 0; j < b; j++) {
      const gl = ds[i * b + j]! / temperature; // d/d left_i of s_ij is right_j / τ
      const gr = ds[j * b + i]! / temperature; // d/d right_i of s_ji is left_j / τ
      const rj = j * dim;
      if (gl !== 0) for (let k = 0; k < dim; k++) dLeft[k]! += gl * right[rj + k]!;
      if (gr !== 0) for (let k = 0; k < dim; k++) dRight[k]! += gr * left[rj + k]!;
    }
    backPool(left.subarray(i * dim, (i + 1) * dim), leftNorm[i]!, dLeft, batch[i]!.left, dim, grad);
    backPool(right.subarray(i * dim, (i + 1) * dim), rightNorm[i]!, dRight, batch[i]!.right, dim, grad);
  }
  return loss;
}

/** Dot product of x[xi, xi + n) and y[yi, yi + n), four accumulators (about twice as fast). */
function dot(x: Float32Array, xi: number, y: Float32Array, yi: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[xi + k]! * y[yi + k]!;
    s1 += x[xi + k + 1]! * y[yi + k + 1]!;
    s2 += x[xi + k + 2]! * y[yi + k + 2]!;
    s3 += x[xi + k + 3]! * y[yi + k + 3]!;
  }
  for (; k < n; k++) s0 += x[xi + k]! * y[yi + k]!;
  return s0 + s1 + s2 + s3;
}

/** Given e = u / |u| and dL/de, adds dL/dv_t = w_t (dL/de - e (e · dL/de)) / |u| into grad. */
function backPool(e: Float32Array, norm: number, de: Float32Array, bag: Bag, dim: number, grad: Float32Array): void {
  if (norm === 0) return;
  let proj = 0;
  for (let k = 0; k < dim; k++) proj += e[k]! * de[k]!;
  for (let k = 0; k < dim; k++) de[k] = (de[k]! - e[k]! * proj) / norm;
  const { ids, weights } = bag;
  for (let i = 0; i < ids.length; i++) {
    const w = weights[i]!;
    const base = ids[i]! * dim;
    for (let k = 0; k < dim; k++) grad[base + k]! += w * de[k]!;
  }
}


/** Standard normal deviate (Box–Muller). */
function gaussian(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function shuffle<T>(a: T[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}
