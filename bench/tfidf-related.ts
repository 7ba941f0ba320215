/**
 * Related papers on the real arXiv listings: of each query paper's 10 related papers, the share
 * with the query's primary category, with a bootstrap CI and per-query latency, for any number of
 * methods side by side. The baseline is arxiv-sanity's: sklearn TfidfVectorizer features as
 * configured in arxiv-sanity-lite's compute.py, ranked by cosine (arxiv-sanity-preserver's "similar";
 * arxiv-sanity-lite ranks the same features with an exemplar SVM instead).
 * Run: npx tsx bench/tfidf-related.ts [--authors]   (--authors appends author names to the text,
 * as arxiv-sanity-lite's corpus does). Skips with a message when the listings are absent.
 */
import { mulberry32 } from '../src/core/random.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { percentile, peakRssMb, sharedDir, type BenchResult } from './bench-support.js';

/** sklearn's ENGLISH_STOP_WORDS, the Glasgow IR group's list: 318 words. */
export const SKLEARN_ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above across after afterwards again against all almost alone along already also although
  always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
  are around as at back be became because become becomes becoming been before beforehand behind
  being below beside besides between beyond bill both bottom but by call can cannot cant co con could
  couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
  empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
  fire first five for former formerly forty found four from front full further get give go had has
  hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
  however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly
  least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must
  my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
  nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
  own part per perhaps please put rather re same see seem seemed seeming seems serious several she
  should show side since sincere six sixty so some somehow someone something sometime sometimes
  somewhere still such system take ten than that the their them themselves then thence there
  thereafter thereby therefore therein thereupon these they thick thin third this those though three
  through throughout thru thus to together too top toward towards twelve twenty two un under until
  up upon us very via was we well were what whatever when whence whenever where whereafter whereas
  whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why
  will with within without would yet you your yours yourself yourselves`.split(/\s+/),
);

/**
 * token_pattern (?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b. Python's Unicode \b sees letters and digits of any
 * script as word characters, JS's \b only ASCII ones, hence the explicit lookarounds.
 */
const TOKEN = /(?<![\p{L}\p{N}_])[a-zA-Z_][a-zA-Z0-9_]+(?![\p{L}\p{N}_])/gu;
const ASCII_TOKEN = /\b[a-zA-Z_][a-zA-Z0-9_]+\b/g; // the same on ASCII text, and twice as fast
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * sklearn's word analyzer with lowercase=True, strip_accents='unicode' (lowercased first, then NFKD
 * without combining marks; \p{Mn} stands in for Python's combining() != 0), the token pattern above
 * and stop words removed. Bigrams are formed from what is left.
 */
export function sklearnWords(text: string, stopWords: ReadonlySet<string> = SKLEARN_ENGLISH_STOP_WORDS): string[] {
  let s = text.toLowerCase();
  const ascii = !NON_ASCII.test(s);
  if (!ascii) s = s.normalize('NFKD').replace(/\p{Mn}/gu, '');
  const words: string[] = [];
  for (const m of s.matchAll(ascii ? ASCII_TOKEN : TOKEN)) if (!stopWords.has(m[0])) words.push(m[0]);
  return words;
}

export interface TfidfOptions {
  /** Largest document frequency kept: a fraction of the documents (float max_df). */
  maxDf?: number;
  /** Smallest document frequency kept, in documents (int min_df). */
  minDf?: number;
  /** The most frequent features (total count in the corpus) kept after the df limits. */
  maxFeatures?: number;
}

/** Indexes of the k best of `candidates` by score, best first; ties go to the lower index. */
function topK(candidates: Int32Array, count: number, scores: Float64Array, k: number): number[] {
  // Min-heap of the best k so far, worst at the root.
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let c = 0; c < count; c++) {
    const d = candidates[c]!;
    if (heap.length < k) {
      heap.push(d);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (k > 0 && worse(heap[0]!, d)) {
      heap[0] = d;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/**
 * arxiv-sanity-lite's TF-IDF: sklearn TfidfVectorizer(stop_words='english', ngram_range=(1, 2),
 * max_df=0.1, min_df=5, max_features=20000, sublinear_tf=True, smooth_idf=True, norm='l2') fitted on
 * the given texts, with related() by cosine over an inverted index. Vectors are kept as float32, as
 * arxiv-sanity-lite stores them.
 */
export class TfidfRelated {
  /** Feature terms, in sklearn's vocabulary_ order (alphabetical). */
  readonly terms: string[];
  /** ln((1 + n) / (1 + df)) + 1 per feature. */
  readonly idf: Float64Array;
  readonly docCount: number;
  // Documents as sparse rows (CSR) and features as postings lists (CSC), weights l2-normalised.
  private readonly rowStart: Int32Array;
  private readonly rowFeature: Int32Array;
  private readonly rowWeight: Float32Array;
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postWeight: Float32Array;
  // Scratch for related(): score accumulators and the documents touched.
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  constructor(texts: readonly string[], options: TfidfOptions = {}) {
    const { maxDf = 0.1, minDf = 5, maxFeatures = 20_000 } = options;
    const n = texts.length;
    this.docCount = n;

    // Words of each document as ids; n-gram keys need the word count first.
    const wordIds = new Map<string, number>();
    const words: string[] = [];
    const docWords: Int32Array[] = [];
    let occurrences = 0;
    for (const text of texts) {
      const ws = sklearnWords(text);
      const ids = new Int32Array(ws.length);
      ws.forEach((w, i) => {
        let id = wordIds.get(w);
        if (id === undefined) {
          id = words.length;
          wordIds.set(w, id);
          words.push(w);
        }
        ids[i] = id;
      });
      docWords.push(ids);
      occurrences += Math.max(0, 2 * ids.length - 1);
    }

    // Every n-gram occurrence as a number: a unigram is its word id, a bigram a b is (a + 1) * W + b.
    // Sorted stably, equal keys form runs in document order, which give df, the corpus count and
    // the postings without a Map over the millions of distinct n-grams.
    const W = words.length;
    const termOf = (key: number) => (key < W ? words[key]! : `${words[Math.floor(key / W) - 1]!} ${words[key % W]!}`);
    const gramKey = new Float64Array(occurrences);
    const gramDoc = new Int32Array(occurrences);
    let o = 0;
    docWords.forEach((ids, d) => {
      for (let i = 0; i < ids.length; i++) {
        gramKey[o] = ids[i]!;
        gramDoc[o++] = d;
      }
      for (let i = 1; i < ids.length; i++) {
        gramKey[o] = (ids[i - 1]! + 1) * W + ids[i]!;
        gramDoc[o++] = d;
      }
    });
    docWords.length = 0;
    const sorted = radixSort(gramKey, gramDoc);
    const [keys, docs] = [sorted.keys, sorted.docs];

    // Candidates: n-grams within max_df and min_df, with their run in the sorted arrays.
    const high = maxDf * n;
    const candidates: { key: number; df: number; total: number; from: number; to: number; term: string }[] = [];
    for (let i = 0; i < occurrences; ) {
      const key = keys[i]!;
      let j = i;
      let df = 0;
      for (; j < occurrences && keys[j] === key; j++) if (j === i || docs[j] !== docs[j - 1]) df++;
      if (df <= high && df >= minDf) candidates.push({ key, df, total: j - i, from: i, to: j, term: termOf(key) });
      i = j;
    }

    // max_features: the candidates most frequent in the corpus. numpy's unstable argsort leaves
    // ties at the cut arbitrary; here they go alphabetically. Features are then in term order.
    let chosen = candidates;
    if (chosen.length > maxFeatures) chosen = chosen.sort((a, b) => b.total - a.total || cmp(a.term, b.term)).slice(0, maxFeatures);
    chosen.sort((a, b) => cmp(a.term, b.term));
    this.terms = chosen.map((c) => c.term);
    this.idf = Float64Array.from(chosen, (c) => Math.log((1 + n) / (1 + c.df)) + 1);

    // Postings, documents ascending: (1 + ln tf) * idf, then l2-normalised per document (in float64,
    // stored as float32).
    const F = chosen.length;
    const postStart = new Int32Array(F + 1);
    chosen.forEach((c, f) => (postStart[f + 1] = postStart[f]! + c.df));
    const nonzeros = postStart[F]!;
    const postDoc = new Int32Array(nonzeros);
    const raw = new Float64Array(nonzeros);
    const squares = new Float64Array(n);
    chosen.forEach((c, f) => {
      let p = postStart[f]!;
      for (let i = c.from; i < c.to; ) {
        const d = docs[i]!;
        let j = i + 1;
        while (j < c.to && docs[j] === d) j++;
        const w = (1 + Math.log(j - i)) * this.idf[f]!;
        postDoc[p] = d;
        raw[p++] = w;
        squares[d]! += w * w;
        i = j;
      }
    });
    const postWeight = Float32Array.from(raw, (w, p) => w / Math.sqrt(squares[postDoc[p]!]!));

    // Rows: the postings transposed, features ascending within a document.
    const rowStart = new Int32Array(n + 1);
    for (const d of postDoc) rowStart[d + 1]!++;
    for (let d = 0; d < n; d++) rowStart[d + 1]! += rowStart[d]!;
    const fill = rowStart.slice(0, n);
    const rowFeature = new Int32Array(nonzeros);
    const rowWeight = new Float32Array(nonzeros);
    for (let f = 0; f < F; f++)
      for (let p = postStart[f]!; p < postStart[f + 1]!; p++) {
        const e = fill[postDoc[p]!]!++;
        rowFeature[e] = f;
        rowWeight[e] = postWeight[p]!;
      }
    this.rowStart = rowStart;
    this.rowFeature = rowFeature;
    this.rowWeight = rowWeight;
    this.postStart = postStart;
    this.postDoc = postDoc;
    this.postWeight = postWeight;
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Nonzero entries of the document's tf-idf vector, term → weight, in feature order. */
  vector(docIndex: number): Map<string, number> {
    const entries = new Map<string, number>();
    for (let e = this.rowStart[docIndex]!; e < this.rowStart[docIndex + 1]!; e++) entries.set(this.terms[this.rowFeature[e]!]!, this.rowWeight[e]!);
    return entries;
  }

  /**
   * The k documents with the highest cosine to docIndex, best first, itself excluded; only
   * documents sharing a feature with it (cosine > 0). Ties go to the lower index.
   */
  relatedScored(docIndex: number, k: number): { doc: number; score: number }[] {
    const { scores, touched } = this;
    let count = 0;
    for (let e = this.rowStart[docIndex]!; e < this.rowStart[docIndex + 1]!; e++) {
      const f = this.rowFeature[e]!;
      const w = this.rowWeight[e]!;
      for (let p = this.postStart[f]!; p < this.postStart[f + 1]!; p++) {
        const d = this.postDoc[p]!;
        if (scores[d] === 0) touched[count++] = d; // weights are positive: 0 means untouched
        scores[d]! += w * this.postWeight[p]!;
      }
    }
    scores[docIndex] = -Infinity;
    const best = topK(touched, count, scores, k).filter((d) => d !== docIndex);
    const result = best.map((doc) => ({ doc, score: scores[doc]! }));
    for (let i = 0; i < count; i++) scores[touched[i]!] = 0;
    scores[docIndex] = 0;
    return result;
  }

  related(docIndex: number, k: number): number[] {
    return this.relatedScored(docIndex, k).map((r) => r.doc);
  }

  stats(): { docs: number; features: number; nonzeros: number; meanFeaturesPerDoc: number; emptyDocs: number; arraysMB: number } {
    let empty = 0;
    for (let d = 0; d < this.docCount; d++) if (this.rowStart[d] === this.rowStart[d + 1]) empty++;
    const arrays = [this.idf, this.rowStart, this.rowFeature, this.rowWeight, this.postStart, this.postDoc, this.postWeight, this.scores, this.touched];
    return {
      docs: this.docCount,
      features: this.terms.length,
      nonzeros: this.rowFeature.length,
      meanFeaturesPerDoc: +(this.rowFeature.length / Math.max(1, this.docCount)).toFixed(1),
      emptyDocs: empty,
      arraysMB: +(arrays.reduce((s, a) => s + a.byteLength, 0) / 1e6).toFixed(1),
    };
  }
}

/**
 * `keys` (integers in [0, 2^53)) sorted ascending, stably, with `docs` carried alongside: an LSD
 * radix sort, as a typed-array sort cannot carry a payload. Reuses the input arrays as buffers.
 */
function radixSort(keys: Float64Array, docs: Int32Array): { keys: Float64Array; docs: Int32Array } {
  const RADIX = 2048;
  const n = keys.length;
  let [k, d]: [Float64Array, Int32Array] = [keys, docs];
  let [k2, d2]: [Float64Array, Int32Array] = [new Float64Array(n), new Int32Array(n)];
  const digit = new Uint16Array(n);
  const offsets = new Int32Array(RADIX);
  const max = keys.reduce((m, x) => Math.max(m, x), 0);
  for (let place = 1; place <= max; place *= RADIX) {
    offsets.fill(0);
    for (let i = 0; i < n; i++) offsets[(digit[i] = Math.floor(k[i]! / place) % RADIX)]!++;
    for (let r = 0, sum = 0; r < RADIX; r++) {
      const c = offsets[r]!;
      offsets[r] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = offsets[digit[i]!]!++;
      k2[at] = k[i]!;
      d2[at] = d[i]!;
    }
    [k, k2, d, d2] = [k2, k, d2, d];
  }
  return { keys: k, docs: d };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The benchmark: data, sample, measure.

export interface ArxivPaper {
  id: string;
  title: string;
  abstract: string;
  /** The first of the listing's categories. */
  primaryCategory: string;
  authors: string[];
}

/** A way to find related papers, by index into the docs given to benchRelatedPapers. */
export interface RelatedMethod {
  name: string;
  /** Up to k papers related to docs[docIndex], best first, not including it. */
  related: (docIndex: number, k: number) => Promise<number[]> | number[];
}

export interface RelatedFigures {
  name: string;
  queries: number;
  k: number;
  /** Mean over queries of (related papers with the query's primary category) / k. */
  sameCategoryShare: number;
  /** 95% percentile-bootstrap interval of that mean, over queries. */
  ci95: [number, number];
  /** Papers returned per query (a shortfall counts as misses in the share). */
  meanReturned: number;
  /** This method's share minus the first method's, paired over the same resamples. */
  vsFirst?: { difference: number; ci95: [number, number] };
  latency: { p50ms: number; p95ms: number };
}

export function arxivDir(): string {
  return path.join(sharedDir(), 'datasets', 'arxiv-daily');
}

/**
 * Every paper of the arXiv daily listings (*.jsonl.gz), first occurrence of each id kept, in file
 * name order then line order. Undefined when the directory is absent.
 */
export function loadArxivPapers(dir = arxivDir()): ArxivPaper[] | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort();
  if (files.length === 0) return undefined;
  const seen = new Set<string>();
  const papers: ArxivPaper[] = [];
  for (const f of files) {
    for (const line of gunzipSync(readFileSync(path.join(dir, f))).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id?: string; title?: string; summary?: string; categories?: string[]; authors?: string[] };
      if (!o.id || seen.has(o.id)) continue;
      seen.add(o.id);
      papers.push({
        id: o.id,
        title: o.title ?? '',
        abstract: o.summary ?? '',
        primaryCategory: o.categories?.[0] ?? '',
        authors: o.authors ?? [],
      });
    }
  }
  return papers;
}

/** A seeded PRNG, uniform in [0, 1). */
export const seededRandom = mulberry32;

/** `count` distinct indexes below n, drawn by a seeded partial Fisher-Yates shuffle. */
export function sampleIndexes(n: number, count = 2000, seed = 20251122): number[] {
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const m = Math.min(count, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from(order.subarray(0, m));
}

/**
 * The share of same-category papers among random picks. sumP2 = Σ p_c², the usual figure (picks
 * with replacement, self allowed); excludingSelf picks among the other papers; onSample is that
 * averaged over the given queries, the exact chance level for that sample.
 */
export function chanceShare(docs: readonly { primaryCategory: string }[], sample?: readonly number[]) {
  const n = docs.length;
  const byCategory = new Map<string, number>();
  for (const d of docs) byCategory.set(d.primaryCategory, (byCategory.get(d.primaryCategory) ?? 0) + 1);
  let sumP2 = 0;
  let pairs = 0;
  for (const c of byCategory.values()) {
    sumP2 += (c / n) ** 2;
    pairs += c * (c - 1);
  }
  const onSample = sample?.length
    ? sample.reduce((s, q) => s + (byCategory.get(docs[q]!.primaryCategory)! - 1) / (n - 1), 0) / sample.length
    : undefined;
  return { categories: byCategory.size, sumP2, excludingSelf: pairs / (n * (n - 1)), onSample };
}

/**
 * Each method on each sampled query: the share of its k related papers (the query itself and
 * repeats dropped) with the query's primary category; a 95% bootstrap CI over queries, paired across
 * methods; latency per related() call.
 */
export async function benchRelatedPapers(
  methods: readonly RelatedMethod[],
  docs: readonly { primaryCategory: string }[],
  sample: readonly number[],
  options: { k?: number; resamples?: number; seed?: number } = {},
): Promise<RelatedFigures[]> {
  const { k = 10, resamples = 2000, seed = 7 } = options;
  const shares: Float64Array[] = [];
  const returned: number[] = [];
  const times: number[][] = [];
  for (const method of methods) {
    for (const q of sample.slice(0, 20)) await method.related(q, k); // warm-up
    const share = new Float64Array(sample.length);
    const ms: number[] = [];
    let got = 0;
    for (const [i, q] of sample.entries()) {
      const t = process.hrtime.bigint();
      const related = await method.related(q, k);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      const kept = [...new Set(related)].filter((d) => d !== q && docs[d] !== undefined).slice(0, k);
      got += kept.length;
      share[i] = kept.filter((d) => docs[d]!.primaryCategory === docs[q]!.primaryCategory).length / k;
    }
    shares.push(share);
    returned.push(got / Math.max(1, sample.length));
    times.push(ms);
  }

  // Percentile bootstrap; every method sees the same resamples, so differences are paired.
  const random = seededRandom(seed);
  const means = methods.map(() => new Float64Array(resamples));
  const diffs = methods.map(() => new Float64Array(resamples));
  const m = sample.length;
  for (let b = 0; b < resamples; b++) {
    const sums = new Float64Array(methods.length);
    for (let i = 0; i < m; i++) {
      const r = Math.floor(random() * m);
      for (let j = 0; j < methods.length; j++) sums[j]! += shares[j]![r]!;
    }
    for (let j = 0; j < methods.length; j++) {
      means[j]![b] = sums[j]! / m;
      diffs[j]![b] = (sums[j]! - sums[0]!) / m;
    }
  }
  const interval = (v: Float64Array): [number, number] => {
    const s = v.slice().sort();
    const at = (p: number) => +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(4);
    return [at(0.025), at(0.975)];
  };
  const mean = (v: Float64Array) => v.reduce((a, x) => a + x, 0) / Math.max(1, v.length);

  return methods.map((method, j) => ({
    name: method.name,
    queries: m,
    k,
    sameCategoryShare: +mean(shares[j]!).toFixed(4),
    ci95: interval(means[j]!),
    meanReturned: +returned[j]!.toFixed(2),
    ...(j > 0 ? { vsFirst: { difference: +(mean(shares[j]!) - mean(shares[0]!)).toFixed(4), ci95: interval(diffs[j]!) } } : {}),
    latency: { p50ms: percentile(times[j]!, 50), p95ms: percentile(times[j]!, 95) },
  }));
}

/** The TF-IDF baseline alone on the listings, as a BenchResult for bench/run.ts. */
export async function benchTfidfRelated(options: { withAuthors?: boolean; sampleSize?: number } = {}): Promise<BenchResult> {
  const t0 = performance.now();
  const docs = loadArxivPapers();
  if (!docs) return { name: 'tfidf-related', skipped: `no arXiv listings at ${arxivDir()}` };
  const loadSeconds = (performance.now() - t0) / 1000;
  const texts = docs.map((d) => [d.title, d.abstract, ...(options.withAuthors ? [d.authors.join(' ')] : [])].join(' '));
  const t1 = performance.now();
  const tfidf = new TfidfRelated(texts);
  const buildSeconds = (performance.now() - t1) / 1000;
  const rssAfterBuild = peakRssMb();
  const sample = sampleIndexes(docs.length, options.sampleSize ?? 2000);
  const [figures] = await benchRelatedPapers([{ name: 'tfidf-cosine', related: (q, k) => tfidf.related(q, k) }], docs, sample);
  const chance = chanceShare(docs, sample);
  return {
    name: 'tfidf-related',
    data: { papers: docs.length, text: options.withAuthors ? 'title + abstract + authors' : 'title + abstract', loadSeconds: +loadSeconds.toFixed(2) },
    tfidf: { buildSeconds: +buildSeconds.toFixed(2), ...tfidf.stats(), peakRssMB: rssAfterBuild },
    related: figures,
    chance: {
      categories: chance.categories,
      sumP2: +chance.sumP2.toFixed(4),
      excludingSelf: +chance.excludingSelf.toFixed(4),
      onSample: +(chance.onSample ?? NaN).toFixed(4),
    },
    peakRssMB: peakRssMb(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchTfidfRelated({ withAuthors: process.argv.includes('--authors') });
  if (result.skipped) console.log(`tfidf-related: skipped, ${result.skipped}`);
  else console.log(JSON.stringify(result, null, 2));
}
