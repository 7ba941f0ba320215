/**
 * In-memory BM25F index over title and body, in typed arrays.
 *
 * Layout: documents live in slots (dense, ascending in insertion order). Postings are
 * compressed-sparse-row segments: term t's postings are [start[t], start[t+1]) of parallel
 * slot / title-tf / body-tf arrays, slots ascending. The "base" segment covers merged slots;
 * documents upserted since the last merge keep their terms in a forward (doc -> terms) log and
 * are inverted into a small "pending" segment when searched. Search merges when more than
 * PENDING_LIMIT documents are pending or an eighth of the slots are dead, so a bulk build pays
 * for one merge at the first search (or serialize/compact). Removal is a tombstone plus an
 * exact statistics update (document count, lengths, document frequencies), so scores never
 * depend on what has been merged.
 *
 * Search is exhaustive term-at-a-time accumulation into a Float64Array over slots, then a top-k
 * heap over the slots touched: on 74,728 arXiv abstracts, 2-4 word OR queries matching 25k-65k
 * documents take 0.6-2 ms, so MaxScore/WAND pruning would buy little. The scratch arrays make
 * search non-reentrant: a filter must not search this index.
 *
 * `open` reads a serialized index in parts (a one-shot command): the vocabulary, document
 * lengths and postings offsets at once, each term's postings when a search first needs them, and
 * everything the first time the index is changed.
 */
import { bytesSource, type ByteSource } from '../core/byte-source.js';
import { analyze, forEachToken, termOf, tokenize } from '../text/analyze.js';
import { TokenTable } from '../text/token-table.js';
import { Vocabulary } from '../text/vocabulary.js';
import { TopK } from '../rank/top-k.js';
import type { LexicalDoc, LexicalHit, LexicalIndex, LexicalQuery, LexicalSearchOptions } from './lexical-index.js';

export interface Bm25Options {
  /** Term-frequency saturation. Default 0.9. */
  k1?: number;
  /** Length normalisation, 0 (none) to 1 (full), for both fields. Default 0.4. */
  b?: number;
  /** A title occurrence counts as this many body occurrences (BM25F field weight). Default 2. */
  titleWeight?: number;
}

export interface Bm25Stats {
  docs: number;
  terms: number;
  /** Postings in the merged segment plus forward entries of pending documents. */
  postings: number;
  /** Dead slots (removed or replaced documents) not yet merged away. */
  tombstones: number;
  pendingDocs: number;
  /** Bytes held by the index's typed arrays (vocabulary strings and maps excluded). */
  bytes: number;
}

/** Term-major postings (compressed sparse rows). Terms at or past `start.length - 1` have none. */
interface Segment {
  start: Int32Array;
  slot: Int32Array;
  tfTitle: Uint8Array;
  tfBody: Uint8Array;
}

const MAGIC = 0x584c4250; // "PBLX" read as a little-endian u32
const FORMAT_VERSION = 2;
const HEADER_WORDS = 6; // magic, version, terms, docs, postings, vocabulary bytes
const PENDING_LIMIT = 2048;
const MAX_PREFIX_EXPANSIONS = 50;
// Term frequencies are stored in a byte: under k1 saturation 255 and beyond score alike.
const TF_MAX = 255;
const MAX_DOC_ID = 0x7fffffff;

/** One term's postings in one segment: entries [from, to) of the arrays. */
interface Postings {
  slot: Int32Array;
  tfTitle: Uint8Array;
  tfBody: Uint8Array;
  from: number;
  to: number;
}

/** Where the base segment's postings lie in the bytes an index was opened from. */
interface LazyBase {
  source: ByteSource;
  slotsAt: number;
  tfTitleAt: number;
  tfBodyAt: number;
  read: Map<number, Postings>;
}

const emptySegment = (): Segment => ({
  start: new Int32Array(1), slot: new Int32Array(0), tfTitle: new Uint8Array(0), tfBody: new Uint8Array(0),
});

type TypedArray = Int32Array | Uint8Array | Float64Array;

/** `a`, or a copy at least `n` long (doubling) when it is shorter. */
function ensure<T extends TypedArray>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (len: number) => T)(Math.max(n, a.length * 2, 64));
  b.set(a);
  return b;
}

export class Bm25Index implements LexicalIndex {
  private readonly k1: number;
  private readonly b: number;
  private readonly titleWeight: number;

  // Vocabulary. Ids below `sortedTerms` are in code-unit order, found by binary search; later
  // ids were added since the last merge and are found through `newTermIds`.
  private termText: string[] = [];
  /** Opened in parts: the vocabulary, still as its bytes (termText is then empty). */
  private savedTerms: Vocabulary | undefined;
  private sortedTerms = 0;
  private newTermIds = new Map<string, number>();
  /** Token -> term id (-1: stopword), so indexing does one hash probe per token occurrence. */
  private tokens = new TokenTable();
  /** Live documents containing each term. */
  private df = new Int32Array(0);

  // Documents by slot.
  private slots = 0;
  private slotDoc: Int32Array = new Int32Array(0);
  private titleLen: Int32Array = new Int32Array(0);
  private bodyLen: Int32Array = new Int32Array(0);
  private live = new Uint8Array(0);
  /** docId -> live slot; built when first needed, since loading and searching need none. */
  private docSlotMap: Map<number, number> | undefined;
  private liveDocs = 0;
  private totalTitleLen = 0;
  private totalBodyLen = 0;

  /** Postings of slots [0, baseSlots). */
  private base: Segment = emptySegment();
  /** Set while the base segment's postings are still in the bytes the index was opened from. */
  private lazy: LazyBase | undefined;
  private baseSlots = 0;
  /** Term ids per base slot (doc-major), derived from `base` on the first removal. */
  private baseTerms: { start: Int32Array; term: Int32Array } | undefined;

  // Forward log of pending slots [baseSlots, slots): slot s's entries are
  // [fwdStart[s - baseSlots], fwdStart[s - baseSlots + 1]).
  private fwdStart = new Int32Array(1);
  private fwdTerm = new Int32Array(0);
  private fwdTfTitle = new Uint8Array(0);
  private fwdTfBody = new Uint8Array(0);
  private fwdLen = 0;
  /** The pending slots inverted; rebuilt after an upsert. */
  private pending: Segment | undefined;

  // Per-search scratch: scores, required-term counts and exclusion marks by slot (zero between
  // searches), and the list of slots touched.
  private scores = new Float64Array(0);
  private counts = new Int32Array(0);
  private excluded = new Uint8Array(0);
  private touched = new Int32Array(0);
  // Per-upsert scratch, indexed by term id: 1 + the term's forward-entry index in this document.
  private entryOf = new Int32Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 0.9;
    this.b = options.b ?? 0.4;
    this.titleWeight = options.titleWeight ?? 2;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1) || !(this.titleWeight > 0)) {
      throw new RangeError(`invalid BM25 options: k1=${this.k1} b=${this.b} titleWeight=${this.titleWeight}`);
    }
  }

  get size(): number {
    return this.liveDocs;
  }

  upsert(docId: number, doc: LexicalDoc): void {
    if (!Number.isInteger(docId) || docId < 0 || docId > MAX_DOC_ID) {
      throw new RangeError(`docId must be an integer from 0 to ${MAX_DOC_ID}, got ${docId}`);
    }
    this.readAll();
    this.remove(docId);
    const slot = this.slots++;
    this.slotDoc = ensure(this.slotDoc, this.slots);
    this.titleLen = ensure(this.titleLen, this.slots);
    this.bodyLen = ensure(this.bodyLen, this.slots);
    this.live = ensure(this.live, this.slots);
    this.slotDoc[slot] = docId;
    this.live[slot] = 1;
    this.docSlots.set(docId, slot);
    this.liveDocs++;

    const first = this.fwdLen;
    this.titleLen[slot] = this.addOccurrences(doc.title, true);
    this.bodyLen[slot] = this.addOccurrences(doc.body, false);
    this.totalTitleLen += this.titleLen[slot];
    this.totalBodyLen += this.bodyLen[slot];
    for (let e = first; e < this.fwdLen; e++) {
      const t = this.fwdTerm[e]!;
      this.entryOf[t] = 0;
      this.df[t]!++;
    }
    const row = slot - this.baseSlots;
    this.fwdStart = ensure(this.fwdStart, row + 2);
    this.fwdStart[row + 1] = this.fwdLen;
    this.pending = undefined;
  }

  /** Counts one field's terms into the current document's forward entries; returns their number. */
  private addOccurrences(text: string, inTitle: boolean): number {
    let length = 0;
    const termIdOf = (token: string) => {
      const term = termOf(token);
      return term === undefined ? -1 : this.internTerm(term);
    };
    forEachToken(text, (folded, start, end) => {
      const t = this.tokens.lookup(folded, start, end, termIdOf);
      if (t < 0) return;
      length++;
      let e = this.entryOf[t]! - 1;
      if (e < 0) {
        e = this.fwdLen++;
        this.fwdTerm = ensure(this.fwdTerm, this.fwdLen);
        this.fwdTfTitle = ensure(this.fwdTfTitle, this.fwdLen);
        this.fwdTfBody = ensure(this.fwdTfBody, this.fwdLen);
        this.fwdTerm[e] = t;
        this.fwdTfTitle[e] = 0;
        this.fwdTfBody[e] = 0;
        this.entryOf[t] = e + 1;
      }
      const tf = inTitle ? this.fwdTfTitle : this.fwdTfBody;
      if (tf[e]! < TF_MAX) tf[e]!++;
    });
    return length;
  }

  private internTerm(text: string): number {
    let t = this.findTerm(text);
    if (t < 0) {
      t = this.termText.length;
      this.termText.push(text);
      this.newTermIds.set(text, t);
      this.df = ensure(this.df, t + 1);
      this.entryOf = ensure(this.entryOf, t + 1);
    }
    return t;
  }

  /** Id of an index term, or -1. */
  private findTerm(text: string): number {
    const t = this.lowerBound(text);
    return t < this.sortedTerms && this.termAt(t) === text ? t : (this.newTermIds.get(text) ?? -1);
  }

  /** First sorted term id whose text is not below `text`. */
  private lowerBound(text: string): number {
    let lo = 0;
    let hi = this.sortedTerms;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.termAt(mid) < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private termAt(t: number): string {
    return this.savedTerms ? this.savedTerms.term(t) : this.termText[t]!;
  }

  private get termCount(): number {
    return this.savedTerms ? this.savedTerms.size : this.termText.length;
  }

  private get docSlots(): Map<number, number> {
    if (!this.docSlotMap) {
      this.docSlotMap = new Map();
      for (let s = 0; s < this.slots; s++) if (this.live[s]) this.docSlotMap.set(this.slotDoc[s]!, s);
    }
    return this.docSlotMap;
  }

  remove(docId: number): void {
    this.readAll();
    const slot = this.docSlots.get(docId);
    if (slot === undefined) return;
    this.docSlots.delete(docId);
    this.live[slot] = 0;
    this.liveDocs--;
    this.totalTitleLen -= this.titleLen[slot]!;
    this.totalBodyLen -= this.bodyLen[slot]!;
    if (slot >= this.baseSlots) {
      const row = slot - this.baseSlots;
      for (let e = this.fwdStart[row]!; e < this.fwdStart[row + 1]!; e++) this.df[this.fwdTerm[e]!]!--;
    } else {
      const { start, term } = (this.baseTerms ??= this.invertBase());
      for (let e = start[slot]!; e < start[slot + 1]!; e++) this.df[term[e]!]!--;
    }
  }

  /** Doc-major term ids of the base segment (its transpose, without frequencies). */
  private invertBase(): { start: Int32Array; term: Int32Array } {
    const { start: postStart, slot } = this.base;
    const start = new Int32Array(this.baseSlots + 1);
    for (let i = 0; i < slot.length; i++) start[slot[i]! + 1]!++;
    for (let s = 0; s < this.baseSlots; s++) start[s + 1]! += start[s]!;
    const cursor = start.slice(0, this.baseSlots);
    const term = new Int32Array(slot.length);
    for (let t = 0; t + 1 < postStart.length; t++) {
      for (let i = postStart[t]!; i < postStart[t + 1]!; i++) term[cursor[slot[i]!]!++] = t;
    }
    return { start, term };
  }

  /** The live pending documents inverted into a term-major segment. */
  private pendingSegment(): Segment {
    if (this.pending) return this.pending;
    const start = new Int32Array(this.termCount + 1);
    for (let s = this.baseSlots; s < this.slots; s++) {
      if (!this.live[s]) continue;
      const row = s - this.baseSlots;
      for (let e = this.fwdStart[row]!; e < this.fwdStart[row + 1]!; e++) start[this.fwdTerm[e]! + 1]!++;
    }
    for (let t = 0; t + 1 < start.length; t++) start[t + 1]! += start[t]!;
    const n = start[start.length - 1]!;
    const seg: Segment = { start, slot: new Int32Array(n), tfTitle: new Uint8Array(n), tfBody: new Uint8Array(n) };
    const cursor = start.slice(0, -1);
    for (let s = this.baseSlots; s < this.slots; s++) {
      if (!this.live[s]) continue;
      const row = s - this.baseSlots;
      for (let e = this.fwdStart[row]!; e < this.fwdStart[row + 1]!; e++) {
        const p = cursor[this.fwdTerm[e]!]!++;
        seg.slot[p] = s;
        seg.tfTitle[p] = this.fwdTfTitle[e]!;
        seg.tfBody[p] = this.fwdTfBody[e]!;
      }
    }
    return (this.pending = seg);
  }

  /**
   * Folds pending documents into the base segment and drops dead slots and unused terms,
   * renumbering slots (order kept) and terms (sorted). Search and serialize call it when due.
   */
  compact(): void {
    this.readAll();
    const pending = this.pendingSegment();
    const remap = new Int32Array(this.slots);
    let docs = 0;
    for (let s = 0; s < this.slots; s++) {
      if (!this.live[s]) {
        remap[s] = -1;
        continue;
      }
      remap[s] = docs;
      this.slotDoc[docs] = this.slotDoc[s]!;
      this.titleLen[docs] = this.titleLen[s]!;
      this.bodyLen[docs] = this.bodyLen[s]!;
      docs++;
    }
    this.live.fill(1, 0, docs).fill(0, docs);

    const order: number[] = [];
    for (let t = 0; t < this.termText.length; t++) if (this.df[t]! > 0) order.push(t);
    const text = this.termText;
    order.sort((x, y) => (text[x]! < text[y]! ? -1 : 1));

    const start = new Int32Array(order.length + 1);
    for (let i = 0; i < order.length; i++) start[i + 1] = start[i]! + this.df[order[i]!]!;
    const n = start[order.length]!;
    const merged: Segment = { start, slot: new Int32Array(n), tfTitle: new Uint8Array(n), tfBody: new Uint8Array(n) };
    let p = 0;
    for (const t of order) {
      for (const seg of [this.base, pending]) {
        if (t + 1 >= seg.start.length) continue;
        for (let i = seg.start[t]!; i < seg.start[t + 1]!; i++) {
          const s = remap[seg.slot[i]!]!;
          if (s < 0) continue;
          merged.slot[p] = s;
          merged.tfTitle[p] = seg.tfTitle[i]!;
          merged.tfBody[p] = seg.tfBody[i]!;
          p++;
        }
      }
    }
    // Re-split from one string: terms sliced from document texts would keep those texts alive.
    this.install(merged, docs, splitTerms(order.map((t) => text[t]!).join('\n')));
  }

  /** Makes `seg` over slots [0, docs) the whole index, with `terms` (sorted) as its vocabulary. */
  private install(seg: Segment, docs: number, terms: string[] | Vocabulary): void {
    this.base = seg;
    this.slots = this.baseSlots = docs;
    this.termText = terms instanceof Vocabulary ? [] : terms;
    this.savedTerms = terms instanceof Vocabulary ? terms : undefined;
    this.sortedTerms = this.termCount;
    this.newTermIds = new Map();
    this.tokens = new TokenTable();
    this.df = new Int32Array(this.sortedTerms);
    for (let t = 0; t < this.sortedTerms; t++) this.df[t] = seg.start[t + 1]! - seg.start[t]!;
    this.entryOf = new Int32Array(this.sortedTerms);
    this.docSlotMap = undefined;
    this.totalTitleLen = this.totalBodyLen = 0;
    for (let s = 0; s < docs; s++) {
      this.totalTitleLen += this.titleLen[s]!;
      this.totalBodyLen += this.bodyLen[s]!;
    }
    this.liveDocs = docs;
    this.baseTerms = undefined;
    this.pending = undefined;
    this.fwdStart = new Int32Array(1);
    this.fwdTerm = new Int32Array(0);
    this.fwdTfTitle = new Uint8Array(0);
    this.fwdTfBody = new Uint8Array(0);
    this.fwdLen = 0;
  }

  private compactIfDue(): void {
    if (this.slots - this.baseSlots > PENDING_LIMIT || (this.slots - this.liveDocs) * 8 > this.slots) this.compact();
  }

  /** Live term id of an index term, or -1. */
  private termId(text: string): number {
    const t = this.findTerm(text);
    return t >= 0 && this.df[t]! > 0 ? t : -1;
  }

  /** Term ids of a raw word's index terms, -1 for those no live document has. */
  private wordTerms(word: string): number[] {
    return analyze(word).map((t) => this.termId(t));
  }

  /**
   * Terms a prefix reaches: those starting with the folded prefix, the prefix's own term (so
   * "generation*" finds "gener" like the word "generation" does), and those starting with that
   * term when stemming rewrote rather than truncated the prefix ("happy*" -> "happi": also
   * "happiness"; truncations like "running" -> "run" would widen to "runtime"). The
   * MAX_PREFIX_EXPANSIONS most frequent are kept.
   */
  private expandPrefix(prefix: string): number[] {
    const found: number[] = [];
    const startingWith = (p: string) => {
      for (let t = this.lowerBound(p); t < this.sortedTerms && this.termAt(t).startsWith(p); t++) found.push(t);
      for (let t = this.sortedTerms; t < this.termText.length; t++) if (this.termText[t]!.startsWith(p)) found.push(t);
    };
    for (const token of tokenize(prefix)) {
      startingWith(token);
      const term = termOf(token);
      if (term === undefined) continue;
      if (token.startsWith(term)) found.push(this.termId(term));
      else startingWith(term);
    }
    const live = [...new Set(found)].filter((t) => t >= 0 && this.df[t]! > 0);
    // Ties by text, not id, so the choice survives compaction's renumbering.
    live.sort((x, y) => this.df[y]! - this.df[x]! || (this.termAt(x) < this.termAt(y) ? -1 : 1));
    return live.slice(0, MAX_PREFIX_EXPANSIONS);
  }

  search(query: LexicalQuery, options: LexicalSearchOptions): LexicalHit[] {
    return this.run(query, options, false).hits;
  }

  searchCounted(query: LexicalQuery, options: LexicalSearchOptions): { hits: LexicalHit[]; total: number } {
    return this.run(query, options, true);
  }

  /** A search; `counting` also counts every matching document (the filter then runs on each, not only on would-be hits). */
  private run(query: LexicalQuery, options: LexicalSearchOptions, counting: boolean): { hits: LexicalHit[]; total: number } {
    const none = { hits: [], total: 0 };
    if (options.limit <= 0 || this.liveDocs === 0) return none;
    this.compactIfDue();
    this.scratch();

    // Insertion order fixes the summation order, so scores do not depend on term ids.
    const scoring = new Set<number>();
    const required = new Set<number>();
    for (const word of query.must) {
      const ids = this.wordTerms(word);
      if (ids.includes(-1)) return none; // a required word no document contains
      for (const t of ids) {
        required.add(t);
        scoring.add(t);
      }
    }
    for (const word of query.should) for (const t of this.wordTerms(word)) if (t >= 0) scoring.add(t);
    for (const prefix of query.prefixes) for (const t of this.expandPrefix(prefix)) scoring.add(t);
    if (scoring.size === 0) return none; // nothing to rank by: only stopwords, unknown or excluded words

    const segments = [this.base, this.pendingSegment()];
    const excluded: number[] = [];
    for (const word of query.mustNot) {
      // A word made of several terms ("gpt-4") excludes documents having all of them.
      const ids = this.wordTerms(word);
      if (ids.length === 0 || ids.includes(-1)) continue;
      for (const s of this.docsWithAll(ids, segments)) {
        this.excluded[s] = 1;
        excluded.push(s);
      }
    }

    const touchedCount = this.accumulate([...scoring], required, segments);
    const { scores, counts, touched } = this;
    const heap = new TopK(options.limit);
    let total = 0;
    try {
      for (let i = 0; i < touchedCount; i++) {
        const s = touched[i]!;
        const docId = this.slotDoc[s]!;
        if (!this.live[s] || this.excluded[s] || counts[s]! < required.size) continue;
        if (counting) {
          if (options.filter && !options.filter(docId)) continue;
          total++;
          if (heap.admits(scores[s]!, docId)) heap.push(scores[s]!, docId);
          continue;
        }
        // The filter may be costly (a store lookup), so it runs only for would-be hits.
        if (heap.admits(scores[s]!, docId) && (!options.filter || options.filter(docId))) heap.push(scores[s]!, docId);
      }
    } finally {
      // Scratch must be zero for the next search, even if the filter threw.
      for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = counts[touched[i]!] = 0;
      for (const s of excluded) this.excluded[s] = 0;
    }
    return { hits: heap.sorted(), total };
  }

  /**
   * The BM25 idf of an index term (an `analyze` output), as search scores it; a term no live
   * document has gets the idf of df = 0. For scoring text outside the index (ask's sentences).
   */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  /** Live documents holding an index term (0 for a term the library never uses). */
  docFrequency(term: string): number {
    const t = this.termId(term);
    return t >= 0 ? this.df[t]! : 0;
  }

  /** Each index term some live document holds, with its document frequency (ask's background queries sample terms by it). */
  forEachTerm(visit: (term: string, df: number) => void): void {
    // termCount/termAt: an index opened in parts keeps its words in the saved vocabulary, not termText.
    for (let t = 0; t < this.termCount; t++) if (this.df[t]! > 0) visit(this.termAt(t), this.df[t]!);
  }

  /** Sizes the per-slot scratch arrays to the slot count. */
  private scratch(): void {
    this.scores = ensure(this.scores, this.slots);
    this.counts = ensure(this.counts, this.slots);
    this.excluded = ensure(this.excluded, this.slots);
    this.touched = ensure(this.touched, this.slots);
  }

  /** Slots whose documents contain every one of `terms`. */
  private docsWithAll(terms: number[], segments: Segment[]): number[] {
    const seen: number[] = [];
    for (const t of terms) {
      for (const seg of segments) {
        const p = this.postings(seg, t);
        if (!p) continue;
        for (let i = p.from; i < p.to; i++) {
          const s = p.slot[i]!;
          if (this.counts[s]!++ === 0) seen.push(s);
        }
      }
    }
    const all = seen.filter((s) => this.counts[s] === terms.length);
    for (const s of seen) this.counts[s] = 0;
    return all;
  }

  /**
   * Adds each term's BM25F score into `scores`, counts the required terms found into `counts`,
   * and lists the slots touched in `touched`, returning their number. Per term and document,
   * tf' = w * tfTitle / Btitle + tfBody / Bbody with B = 1 - b + b * len / avgLen per field,
   * score = idf * tf' / (k1 + tf'), idf = ln(1 + (N - df + 0.5) / (df + 0.5)) (Lucene's BM25,
   * without the rank-neutral (k1 + 1) factor).
   */
  private accumulate(terms: number[], required: Set<number>, segments: Segment[]): number {
    const { k1, b, titleWeight, scores, counts, touched, titleLen, bodyLen } = this;
    const n = this.liveDocs;
    const c = 1 - b;
    // Average field lengths are positive whenever a posting exists in that field.
    const dTitle = this.totalTitleLen > 0 ? (b * n) / this.totalTitleLen : 0;
    const dBody = this.totalBodyLen > 0 ? (b * n) / this.totalBodyLen : 0;
    let touchedCount = 0;
    for (const t of terms) {
      const df = this.df[t]!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const isRequired = required.has(t) ? 1 : 0;
      for (const seg of segments) {
        const p = this.postings(seg, t);
        if (!p) continue;
        const { slot, tfTitle, tfBody } = p;
        for (let i = p.from, end = p.to; i < end; i++) {
          const s = slot[i]!;
          const ft = tfTitle[i]!;
          const fb = tfBody[i]!;
          let tf = fb > 0 ? fb / (c + dBody * bodyLen[s]!) : 0;
          if (ft > 0) tf += (titleWeight * ft) / (c + dTitle * titleLen[s]!);
          if (scores[s] === 0) touched[touchedCount++] = s;
          scores[s]! += (idf * tf) / (k1 + tf);
          counts[s]! += isRequired;
        }
      }
    }
    return touchedCount;
  }

  /** Term `t`'s postings in `seg`, read from the source first when the base is still there. */
  private postings(seg: Segment, t: number): Postings | undefined {
    if (t + 1 >= seg.start.length) return undefined;
    if (seg === this.base && this.lazy) return this.lazyPostings(this.lazy, t);
    return { slot: seg.slot, tfTitle: seg.tfTitle, tfBody: seg.tfBody, from: seg.start[t]!, to: seg.start[t + 1]! };
  }

  private lazyPostings(lazy: LazyBase, t: number): Postings {
    let p = lazy.read.get(t);
    if (!p) {
      const from = this.base.start[t]!;
      const n = this.base.start[t + 1]! - from;
      p = {
        slot: int32sAt(lazy.source, lazy.slotsAt + 4 * from, n),
        tfTitle: uint8sAt(lazy.source, lazy.tfTitleAt + from, n),
        tfBody: uint8sAt(lazy.source, lazy.tfBodyAt + from, n),
        from: 0,
        to: n,
      };
      checkPostings(p, this.baseSlots);
      lazy.read.set(t, p);
    }
    return p;
  }

  /** Reads the rest of an index opened in parts: changing it needs every posting at hand. */
  private readAll(): void {
    if (this.savedTerms) {
      const terms = this.savedTerms.toArray();
      for (let t = 1; t < terms.length; t++) if (terms[t - 1]! >= terms[t]!) throw new Error(`not a paperboy lexical index: term ${t} is malformed`);
      this.termText = terms;
      this.savedTerms = undefined;
    }
    const lazy = this.lazy;
    if (!lazy) return;
    const n = this.base.start[this.base.start.length - 1]!;
    const all: Postings = {
      slot: int32sAt(lazy.source, lazy.slotsAt, n),
      tfTitle: uint8sAt(lazy.source, lazy.tfTitleAt, n),
      tfBody: uint8sAt(lazy.source, lazy.tfBodyAt, n),
      from: 0,
      to: n,
    };
    checkPostings(all, this.baseSlots);
    this.base = { start: this.base.start, slot: all.slot, tfTitle: all.tfTitle, tfBody: all.tfBody };
    this.lazy = undefined;
  }

  stats(): Bm25Stats {
    const arrays: TypedArray[] = [
      this.df, this.slotDoc, this.titleLen, this.bodyLen, this.live, this.entryOf,
      this.base.start, this.base.slot, this.base.tfTitle, this.base.tfBody,
      this.fwdStart, this.fwdTerm, this.fwdTfTitle, this.fwdTfBody, this.scores, this.counts, this.excluded, this.touched,
      ...(this.baseTerms ? [this.baseTerms.start, this.baseTerms.term] : []),
      ...(this.pending ? [this.pending.start, this.pending.slot, this.pending.tfTitle, this.pending.tfBody] : []),
    ];
    return {
      docs: this.liveDocs,
      terms: this.termCount,
      postings: this.base.slot.length + this.fwdLen,
      tombstones: this.slots - this.liveDocs,
      pendingDocs: this.slots - this.baseSlots,
      bytes: arrays.reduce((sum, a) => sum + a.byteLength, 0),
    };
  }

  /**
   * Binary form (compacts first), little-endian, sections 4-byte aligned:
   * u32 magic "PBLX", u32 format version, u32 terms, u32 docs, u32 postings, u32 vocabulary bytes;
   * i32[docs] doc ids, i32[docs] title lengths, i32[docs] body lengths; i32[terms + 1] postings
   * starts, i32[postings] slots, u8[postings] title tfs, u8[postings] body tfs; vocabulary as
   * UTF-8, terms sorted and joined by "\n" (terms never contain one); i32[terms + 1] where each
   * term starts in it (text/vocabulary.ts: so that `open` need not look for them).
   */
  serialize(): Uint8Array {
    return concat(this.serializeParts());
  }

  /** `serialize()`'s bytes in parts, each a multiple of 4 bytes long: a large index need not fit one buffer. */
  serializeParts(): Uint8Array[] {
    this.compact();
    const vocab = Vocabulary.of(this.termText);
    const docs = this.slots;
    const postings = this.base.slot.length;
    const sections: Uint8Array[] = [
      new Uint8Array(new Uint32Array([MAGIC, FORMAT_VERSION, this.termText.length, docs, postings, vocab.utf8.length]).buffer),
      ...[this.slotDoc, this.titleLen, this.bodyLen].map((a) => bytesOf(a.subarray(0, docs))),
      bytesOf(this.base.start), bytesOf(this.base.slot), this.base.tfTitle, this.base.tfBody,
      vocab.utf8, bytesOf(vocab.offsets),
    ];
    return sections.flatMap((s) => (s.length % 4 === 0 ? [s] : [s, new Uint8Array(align4(s.length) - s.length)]));
  }

  /**
   * Reads `serialize()` output; throws an Error naming the problem for anything else. Options
   * are not stored (they act at query time), so pass the same ones as at construction. For a
   * fast load the postings stay views of `bytes` (when 4-byte aligned): do not modify it after.
   */
  static deserialize(bytes: Uint8Array, options: Bm25Options = {}): Bm25Index {
    const index = Bm25Index.open(bytesSource(bytes.byteOffset % 4 === 0 ? bytes : bytes.slice()), options);
    index.readAll();
    return index;
  }

  /**
   * Opens `serialize()` output in parts: reads the vocabulary, document lengths and postings
   * offsets now, a term's postings when a search first needs them, and the rest when the index
   * is first changed. `source` must stay readable as long as the index is used.
   */
  static open(source: ByteSource, options: Bm25Options = {}): Bm25Index {
    const fail = (why: string): never => {
      throw new Error(`not a paperboy lexical index: ${why}`);
    };
    if (source.length < HEADER_WORDS * 4) fail(`${source.length} bytes is too short`);
    const head = source.read(0, HEADER_WORDS * 4);
    const header = new DataView(head.buffer, head.byteOffset, HEADER_WORDS * 4);
    const word = (i: number) => header.getUint32(i * 4, true);
    if (word(0) !== MAGIC) fail('bad magic number');
    if (word(1) !== FORMAT_VERSION) {
      throw new Error(`lexical index format version ${word(1)} is not supported (this paperboy reads version ${FORMAT_VERSION}); rebuild the index`);
    }
    const [terms, docs, postings, vocabBytes] = [word(2), word(3), word(4), word(5)];
    const expected = 4 * (HEADER_WORDS + 3 * docs + terms + 1 + postings) + 2 * align4(postings) + align4(vocabBytes) + 4 * (terms + 1);
    if (source.length !== expected) fail(`its header implies ${expected} bytes, got ${source.length}`);

    let at = HEADER_WORDS * 4;
    const int32s = (n: number) => {
      const v = int32sAt(source, at, n);
      at += 4 * n;
      return v;
    };
    // Per-document arrays are copied: compaction rewrites them in place.
    const slotDoc = int32s(docs).slice();
    const titleLen = int32s(docs).slice();
    const bodyLen = int32s(docs).slice();
    const start = int32s(terms + 1);
    const slotsAt = at;
    const tfTitleAt = slotsAt + 4 * postings;
    const tfBodyAt = tfTitleAt + align4(postings);
    // As bytes: the terms a search looks up are read from them (the order is checked when read whole).
    const vocabAt = tfBodyAt + align4(postings);
    const vocab = new Vocabulary(source.read(vocabAt, vocabBytes), int32sAt(source, vocabAt + align4(vocabBytes), terms + 1));

    if (vocab.size !== terms) fail('its vocabulary does not match its term count');
    if (start[0] !== 0 || start[terms] !== postings) fail('its postings offsets are malformed');
    for (let t = 0; t < terms; t++) if (start[t + 1]! <= start[t]!) fail(`term ${t} is malformed`);
    let bad = 0;
    for (let s = 0; s < docs; s++) bad |= slotDoc[s]! | titleLen[s]! | bodyLen[s]!;
    if (bad < 0) fail('a document is malformed');

    const index = new Bm25Index(options);
    index.slotDoc = slotDoc;
    index.titleLen = titleLen;
    index.bodyLen = bodyLen;
    index.live = new Uint8Array(docs).fill(1);
    index.install({ start, slot: new Int32Array(0), tfTitle: new Uint8Array(0), tfBody: new Uint8Array(0) }, docs, vocab);
    index.lazy = { source, slotsAt, tfTitleAt, tfBodyAt, read: new Map() };
    return index;
  }
}

/** `n` int32s at `offset` of `source`: a view when aligned, else a copy. */
function int32sAt(source: ByteSource, offset: number, n: number): Int32Array {
  const b = source.read(offset, 4 * n);
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, n) : new Int32Array(b.slice().buffer);
}

/** Plain Uint8Array views even of a Buffer: one array class keeps the search loop monomorphic. */
function uint8sAt(source: ByteSource, offset: number, n: number): Uint8Array {
  const b = source.read(offset, n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** Throws on a posting whose slot is out of range or that has no occurrence. */
function checkPostings(p: Postings, docs: number): void {
  // Branch-free: the sign bit collects a slot out of range or a posting with no occurrence.
  let bad = 0;
  for (let i = p.from; i < p.to; i++) {
    const s = p.slot[i]!;
    bad |= s | (docs - 1 - s) | ((p.tfTitle[i]! | p.tfBody[i]!) - 1);
  }
  if (bad < 0) throw new Error('not a paperboy lexical index: a posting is malformed');
}

const align4 = (n: number) => (n + 3) & ~3;
/** Terms are never empty and never hold "\n", so the vocabulary is stored joined by "\n". */
const splitTerms = (joined: string) => (joined === '' ? [] : joined.split('\n'));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const bytesOf = (a: Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

