import { describe, expect, it } from 'vitest';
import { bytesSource, type ByteSource } from '../core/byte-source.js';
import { Bm25Index } from './bm25-index.js';
import type { LexicalDoc, LexicalQuery } from './lexical-index.js';

const q = (parts: Partial<LexicalQuery>): LexicalQuery => ({ should: [], must: [], mustNot: [], prefixes: [], ...parts });
const words = (text: string) => q({ should: text.split(' ') });

function build(docs: Record<number, LexicalDoc>, options = {}): Bm25Index {
  const index = new Bm25Index(options);
  for (const [id, doc] of Object.entries(docs)) index.upsert(Number(id), doc);
  return index;
}

const ids = (index: Bm25Index, query: LexicalQuery, filter?: (docId: number) => boolean) =>
  index.search(query, { limit: 100, filter }).map((h) => h.docId);

// Analysed: 1 = title [deep, learn], body [learn, rank, document] ("to" is a stopword);
// 2 = title [rank], body [deep, model]; 3 = title [cook], body [pasta, sauc].
const TINY: Record<number, LexicalDoc> = {
  1: { title: 'Deep learning', body: 'Learning to rank documents' },
  2: { title: 'Ranking', body: 'deep models' },
  3: { title: 'Cooking', body: 'pasta sauce' },
};

describe('Bm25Index scores (k1 = 0.9, b = 0.4, title weight 2)', () => {
  // N = 3. Title lengths 2, 1, 1: avg 4/3. Body lengths 3, 2, 2: avg 7/3.
  // B = 1 - b + b * len / avg:
  //   Btitle(1) = 0.6 + 0.4 * 2 / (4/3) = 1.2       Bbody(1) = 0.6 + 0.4 * 3 / (7/3) = 1.1142857
  //   Btitle(2) = 0.6 + 0.4 * 1 / (4/3) = 0.9       Bbody(2) = 0.6 + 0.4 * 2 / (7/3) = 0.9428571
  // idf(df) = ln(1 + (3 - df + 0.5) / (df + 0.5)): idf(1) = ln(8/3) = 0.9808293, idf(2) = ln(1.6) = 0.4700036.
  const index = build(TINY);

  it('"rank": title match (doc 2) beats body match (doc 1)', () => {
    // rank: df 2. Doc 2, title tf 1: tf' = 2 * 1 / 0.9 = 2.2222222; 2.2222222 / (0.9 + 2.2222222) = 0.7117438
    //   -> 0.4700036 * 0.7117438 = 0.3345222.
    // Doc 1, body tf 1: tf' = 1 / 1.1142857 = 0.8974359; 0.8974359 / 1.7974359 = 0.4992867 -> 0.2346666.
    const hits = index.search(words('rank'), { limit: 10 });
    expect(hits.map((h) => h.docId)).toEqual([2, 1]);
    expect(hits[0]!.score).toBeCloseTo(0.3345222, 6);
    expect(hits[1]!.score).toBeCloseTo(0.2346666, 6);
  });

  it('"deep learning": scores sum over terms, with both fields in one saturation (BM25F)', () => {
    // Doc 1: deep (df 2) title tf 1: tf' = 2 / 1.2 = 1.6666667; / 2.5666667 = 0.6493506 -> 0.3051972.
    //        learn (df 1) title tf 1 + body tf 1: tf' = 1.6666667 + 0.8974359 = 2.5641026;
    //        / 3.4641026 = 0.7401925 -> 0.9808293 * 0.7401925 = 0.7260025. Sum 1.0311997.
    // Doc 2: deep body tf 1: tf' = 1 / 0.9428571 = 1.0606061; / 1.9606061 = 0.5409583 -> 0.2542523.
    const hits = index.search(words('deep learning'), { limit: 10 });
    expect(hits.map((h) => h.docId)).toEqual([1, 2]);
    expect(hits[0]!.score).toBeCloseTo(1.0311997, 6);
    expect(hits[1]!.score).toBeCloseTo(0.2542523, 6);
  });
});

describe('Bm25Index ranking', () => {
  it('ranks a rarer term above a common one', () => {
    // "graph" is in 4 of 5 documents, "sheaf" in one: idf(sheaf) = ln(1 + 4.5/1.5) = 1.386 beats
    // idf(graph) = ln(1 + 1.5/4.5) = 0.288 at equal tf and length.
    const index = build({
      1: { title: 'alpha', body: 'graph' },
      2: { title: 'beta', body: 'sheaf' },
      3: { title: 'gamma', body: 'graph' },
      4: { title: 'delta', body: 'graph' },
      5: { title: 'omega', body: 'graph' },
    });
    expect(ids(index, words('graph sheaf'))[0]).toBe(2);
  });

  it('ranks a longer document below a shorter one with the same tf', () => {
    // Same tf, longer body: larger B = 1 - b + b * len / avg, smaller tf', lower score.
    const index = build({
      1: { title: 'x', body: 'quantum error correction codes for many qubits in noisy devices' },
      2: { title: 'y', body: 'quantum codes' },
    });
    expect(ids(index, words('quantum'))).toEqual([2, 1]);
  });

  it('breaks score ties by lower docId', () => {
    const index = build({ 9: { title: 'same', body: 'text' }, 4: { title: 'same', body: 'text' }, 6: { title: 'same', body: 'text' } });
    expect(ids(index, words('same'))).toEqual([4, 6, 9]);
  });

  it('honours the title weight option', () => {
    // Title lengths 1, 2 (avg 1.5), body lengths 2, 2 (avg 2). Doc 1: tf' = w / (0.6 + 0.4 / 1.5) = w * 1.154;
    // doc 2: tf' = 2 / (0.6 + 0.4) = 2. Doc 1 wins at w = 2 (2.31), loses at w = 0.2 (0.23).
    const docs = { 1: { title: 'spin', body: 'x y' }, 2: { title: 'x y', body: 'spin spin' } };
    expect(ids(build(docs), words('spin'))).toEqual([1, 2]);
    expect(ids(build(docs, { titleWeight: 0.2 }), words('spin'))).toEqual([2, 1]);
  });

  it('rejects invalid options and doc ids', () => {
    expect(() => new Bm25Index({ b: 1.5 })).toThrow(RangeError);
    expect(() => new Bm25Index({ k1: -1 })).toThrow(RangeError);
    expect(() => new Bm25Index({ titleWeight: 0 })).toThrow(RangeError);
    expect(() => new Bm25Index().upsert(-1, { title: '', body: '' })).toThrow(RangeError);
    expect(() => new Bm25Index().upsert(1.5, { title: '', body: '' })).toThrow(RangeError);
  });
});

describe('Bm25Index query semantics', () => {
  const index = build({
    1: { title: 'Graph neural networks', body: 'message passing on graphs' },
    2: { title: 'Transformers for graphs', body: 'attention over nodes' },
    3: { title: 'Transformer language models', body: 'GPT-4 and friends' },
    4: { title: 'Happiness economics', body: 'general equilibrium of happy people' },
    5: { title: 'Generation of text', body: 'GPT and 4 models' },
    6: { title: 'Runtime systems', body: 'garbage collection' },
    7: { title: 'Running shoes', body: 'trail' },
  });

  it('counts every match beyond the top hits, honouring required words and the filter', () => {
    const counted = index.searchCounted(words('graph attention transformer'), { limit: 1 });
    expect(counted.hits).toHaveLength(1);
    expect(counted.hits).toEqual(index.search(words('graph attention transformer'), { limit: 1 }));
    expect(counted.total).toBe(3);
    expect(index.searchCounted(words('graph attention transformer'), { limit: 1, filter: (d) => d !== 3 }).total).toBe(2);
    expect(index.searchCounted(q({ must: ['graph'], should: ['attention'] }), { limit: 10 }).total).toBe(2);
    expect(index.searchCounted(q({ must: ['nowhere'] }), { limit: 10 })).toEqual({ hits: [], total: 0 });
  });

  it('ORs should words', () => {
    expect(ids(index, words('graph attention')).sort()).toEqual([1, 2]);
  });

  it('requires must words, and all terms of a multi-term one', () => {
    // Doc 3 has the required word only; doc 2 also has "graph", so it ranks first.
    expect(ids(index, q({ should: ['graph'], must: ['transformer'] }))).toEqual([2, 3]);
    expect(ids(index, q({ must: ['gpt-4'] })).sort()).toEqual([3, 5]);
    expect(ids(index, q({ should: ['graph'], must: ['unheardof'] }))).toEqual([]);
  });

  it('ignores stopword-only words and returns nothing for a stopword-only query', () => {
    expect(ids(index, q({ should: ['graph'], must: ['the'] })).sort()).toEqual([1, 2]);
    expect(ids(index, words('the of and'))).toEqual([]);
    expect(ids(index, q({}))).toEqual([]);
  });

  it('excludes mustNot words; a multi-term one only where all its terms occur', () => {
    expect(ids(index, q({ should: ['graph'], mustNot: ['attention'] }))).toEqual([1]);
    expect(ids(index, q({ should: ['models'], mustNot: ['language'] }))).toEqual([5]);
    expect(ids(index, q({ should: ['gpt'], mustNot: ['gpt-4'] }))).toEqual([]);
    expect(ids(index, q({ should: ['gpt'], mustNot: ['gpt-5'] })).sort()).toEqual([3, 5]);
    expect(ids(index, q({ mustNot: ['graph'] }))).toEqual([]); // nothing to rank by
  });

  it('expands prefixes over the vocabulary', () => {
    expect(ids(index, q({ prefixes: ['transform'] })).sort()).toEqual([2, 3]);
    expect(ids(index, q({ prefixes: ['Trans'] })).sort()).toEqual([2, 3]);
    // "happy" stems to "happi" ("happiness" too), so terms starting with the stem count...
    expect(ids(index, q({ prefixes: ['happy'] }))).toEqual([4]);
    // ...but a truncating stem ("running" -> "run") counts only as itself, not widened to "runtim".
    expect(ids(index, q({ prefixes: ['running'] }))).toEqual([7]);
    // A whole word finds what the word finds: "generation" -> "gener", which Porter shares with "general".
    expect(ids(index, q({ prefixes: ['generation'] })).sort()).toEqual([4, 5]);
    expect(ids(index, q({ prefixes: ['zzz', ''] }))).toEqual([]);
  });

  it('bounds a prefix to its 50 most frequent expansions, ties by text', () => {
    const many = new Bm25Index();
    for (let i = 10; i < 70; i++) many.upsert(i, { title: `zq${i}`, body: '' });
    expect(ids(many, q({ prefixes: ['zq'] })).sort()).toEqual(Array.from({ length: 50 }, (_, i) => i + 10));
  });

  it('stays correct after a filter throws', () => {
    const before = index.search(words('graph transformer'), { limit: 10 });
    expect(() => index.search(words('graph transformer'), { limit: 10, filter: () => { throw new Error('boom'); } })).toThrow('boom');
    expect(index.search(words('graph transformer'), { limit: 10 })).toEqual(before);
  });

  it('honours the filter and the limit', () => {
    expect(ids(index, words('graph transformer gpt'), (id) => id % 2 === 1).sort()).toEqual([1, 3, 5]);
    expect(index.search(words('graph transformer gpt'), { limit: 2 })).toHaveLength(2);
    expect(index.search(words('graph'), { limit: 0 })).toEqual([]);
  });
});

describe('Bm25Index updates', () => {
  const docs: Record<number, LexicalDoc> = {
    1: { title: 'Sparse retrieval', body: 'BM25 ranks documents by term statistics' },
    2: { title: 'Dense retrieval', body: 'embeddings rank documents by similarity' },
    3: { title: 'Hybrid retrieval', body: 'fuse sparse and dense rankings' },
    4: { title: 'Query expansion', body: 'adds terms to a sparse query' },
  };
  const queries = [words('sparse retrieval'), words('documents rank'), q({ prefixes: ['dens'] }), q({ should: ['retrieval'], mustNot: ['dense'] })];
  const results = (index: Bm25Index) => queries.map((query) => index.search(query, { limit: 10 }));

  it('removes: hits and statistics match an index built without the document', () => {
    const index = build(docs);
    index.remove(3);
    index.remove(99); // unknown: no-op
    const { 3: _removed, ...rest } = docs;
    expect(index.size).toBe(3);
    expect(results(index)).toEqual(results(build(rest)));
  });

  it('upsert replaces a document', () => {
    const index = build(docs);
    index.upsert(2, { title: 'Cooking', body: 'pasta' });
    expect(ids(index, words('dense'))).toEqual([3]);
    expect(ids(index, words('pasta'))).toEqual([2]);
    expect(index.size).toBe(4);
    expect(results(index)).toEqual(results(build({ ...docs, 2: { title: 'Cooking', body: 'pasta' } })));
  });

  it('gives the same results before and after compaction, and mixed with pending documents', () => {
    const pendingOnly = build(docs);
    const compacted = build(docs);
    compacted.compact();
    expect(results(compacted)).toEqual(results(pendingOnly));

    // Base documents removed and replaced after a merge, new ones pending.
    const mixed = build({ 1: docs[1]!, 2: { title: 'old', body: 'stale' }, 9: { title: 'gone', body: 'soon' } });
    mixed.compact();
    mixed.upsert(2, docs[2]!);
    mixed.remove(9);
    mixed.upsert(3, docs[3]!);
    mixed.upsert(4, docs[4]!);
    // Dead: old 2 and 9. Pending: new 2, 3 and 4. (Searching would compact: 2 of 6 slots are dead.)
    expect(mixed.stats()).toMatchObject({ docs: 4, tombstones: 2, pendingDocs: 3 });
    expect(results(mixed)).toEqual(results(pendingOnly));
    mixed.compact();
    expect(mixed.stats()).toMatchObject({ docs: 4, tombstones: 0, pendingDocs: 0 });
    expect(results(mixed)).toEqual(results(pendingOnly));
  });

  it('survives removing everything', () => {
    const index = build(docs);
    for (const id of [1, 2, 3, 4]) index.remove(id);
    expect(index.size).toBe(0);
    expect(results(index).flat()).toEqual([]);
    index.upsert(7, { title: 'Sparse again', body: '' });
    expect(ids(index, words('sparse'))).toEqual([7]);
  });
});

describe('Bm25Index serialization', () => {
  const docs: Record<number, LexicalDoc> = {
    10: { title: 'Gödel numbering', body: 'arithmetisation of syntax' },
    20: { title: 'Lambda calculus', body: 'Church encodes numbers as functions' },
    30: { title: 'Turing machines', body: 'a tape, a head and a finite control; Gödel and Church' },
  };
  const queries = [words('godel church'), q({ prefixes: ['num'] }), q({ must: ['church'], should: ['tape'] })];

  it('round-trips to identical results, and keeps accepting updates', () => {
    const index = build(docs);
    const before = queries.map((query) => index.search(query, { limit: 10 }));
    const loaded = Bm25Index.deserialize(index.serialize());
    expect(queries.map((query) => loaded.search(query, { limit: 10 }))).toEqual(before);
    expect(loaded.size).toBe(3);
    expect(loaded.stats()).toMatchObject({ docs: 3, tombstones: 0, pendingDocs: 0 });

    loaded.upsert(40, { title: 'Post machines', body: 'tag systems' });
    loaded.remove(10);
    const { 10: _removed, ...rest } = docs;
    const fresh = build({ ...rest, 40: { title: 'Post machines', body: 'tag systems' } });
    expect(queries.map((query) => loaded.search(query, { limit: 10 }))).toEqual(queries.map((query) => fresh.search(query, { limit: 10 })));
  });

  it('reads from an unaligned buffer and leaves it untouched by later updates', () => {
    const bytes = build(docs).serialize();
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const loaded = Bm25Index.deserialize(shifted);
    expect(loaded.search(words('church'), { limit: 10 }).map((h) => h.docId)).toEqual([20, 30]);
    const aligned = bytes.slice();
    const fromAligned = Bm25Index.deserialize(aligned);
    fromAligned.remove(20);
    fromAligned.compact();
    expect(aligned).toEqual(bytes);
  });

  it('round-trips an empty index', () => {
    const loaded = Bm25Index.deserialize(new Bm25Index().serialize());
    expect(loaded.size).toBe(0);
    expect(loaded.search(words('anything'), { limit: 5 })).toEqual([]);
  });

  describe('refuses bytes it did not write', () => {
    const good = build(docs).serialize();
    const corrupt = (at: number, value: number) => {
      const bad = good.slice();
      bad[at] = value;
      return bad;
    };
    const header = new Uint32Array(good.buffer, good.byteOffset, 6); // magic, version, terms, docs, postings, vocab
    const firstSlot = 4 * (6 + 3 * header[3]! + header[2]! + 1);
    it.each([
      ['empty', new Uint8Array(0), /too short/],
      ['foreign', new TextEncoder().encode('{"json": "not an index at all"}'), /bad magic/],
      ['truncated', good.subarray(0, good.length - 4), /implies/],
      ['extended', new Uint8Array([...good, 0, 0, 0, 0]), /implies/],
      ['bad doc count', corrupt(12, good[12]! + 1), /implies/],
      ['posting slot out of range', corrupt(firstSlot, 0x7f), /malformed/],
      ['negative posting slot', corrupt(firstSlot + 3, 0xff), /malformed/],
    ])('%s', (_name, bytes, message) => {
      expect(() => Bm25Index.deserialize(bytes)).toThrow(message);
    });

    it('names an unsupported format version', () => {
      expect(() => Bm25Index.deserialize(corrupt(4, 9))).toThrow(/format version 9 is not supported/);
    });
  });
});

describe('Bm25Index opened in parts', () => {
  // Enough documents that a query's postings are a small part of the bytes.
  const topics = ['retrieval', 'segmentation', 'translation', 'parsing', 'robotics', 'proteins', 'graphs', 'compilers'];
  const docs: Record<number, LexicalDoc> = {};
  for (let i = 0; i < 400; i++) {
    const a = topics[i % topics.length]!;
    const b = topics[(i * 7 + 3) % topics.length]!;
    docs[i * 3 + 1] = { title: `${a} study ${i}`, body: `we study ${a} and ${b} with method${i % 50} on corpus${i % 13}` };
  }
  const queries = [
    words('retrieval graphs'),
    q({ prefixes: ['method1'] }),
    q({ must: ['proteins'], should: ['parsing'], mustNot: ['robotics'] }),
    q({ should: ['corpus3', 'nothing-like-this'] }),
  ];

  /** A source that counts the bytes read through it. */
  const counting = (bytes: Uint8Array): ByteSource & { bytesRead: number } => {
    const inner = bytesSource(bytes);
    const source = {
      length: inner.length,
      bytesRead: 0,
      read: (offset: number, length: number) => ((source.bytesRead += length), inner.read(offset, length)),
      readInto: (offset: number, into: Uint8Array) => into.set(source.read(offset, into.length)),
    };
    return source;
  };

  it('answers as the whole index does, reading only the postings its queries need', () => {
    const index = build(docs);
    const bytes = index.serialize();
    const source = counting(bytes);
    const opened = Bm25Index.open(source);
    for (const query of queries) expect(opened.search(query, { limit: 20 })).toEqual(index.search(query, { limit: 20 }));
    expect(opened.idf('retriev')).toBe(index.idf('retriev'));
    expect(opened.size).toBe(400);
    // Every query term's postings once, then no more: a repeated search reads nothing.
    const read = source.bytesRead;
    expect(read).toBeLessThan(bytes.length * 0.6);
    opened.search(queries[0]!, { limit: 20 });
    expect(source.bytesRead).toBe(read);
  });

  it('visits every term with its document frequency when opened in parts, as the whole index does (ask builds its background vocabulary so)', () => {
    const terms = (index: Pick<Bm25Index, 'forEachTerm'>) => {
      const seen: [string, number][] = [];
      index.forEachTerm((term, df) => seen.push([term, df]));
      return seen.sort(([a], [b]) => (a < b ? -1 : 1));
    };
    const index = build(docs);
    expect(terms(index).length).toBeGreaterThan(10);
    expect(terms(Bm25Index.open(bytesSource(index.serialize())))).toEqual(terms(index));
  });

  it('reads the rest when first changed, then behaves as a built index', () => {
    const opened = Bm25Index.open(bytesSource(build(docs).serialize()));
    opened.search(words('graphs'), { limit: 5 });
    opened.upsert(1, { title: 'graphs graphs graphs', body: 'a paper about graphs' });
    opened.remove(4);
    const { 1: _replaced, 4: _removed, ...rest } = docs;
    const fresh = build({ ...rest, 1: { title: 'graphs graphs graphs', body: 'a paper about graphs' } });
    for (const query of queries) expect(opened.search(query, { limit: 20 })).toEqual(fresh.search(query, { limit: 20 }));
    expect(Bm25Index.deserialize(opened.serialize()).search(words('graphs'), { limit: 3 })).toEqual(fresh.search(words('graphs'), { limit: 3 }));
  });

  it('refuses a malformed posting when it reads it', () => {
    const bytes = build(docs).serialize();
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, 6);
    const firstSlot = 4 * (6 + 3 * header[3]! + header[2]! + 1);
    bytes.fill(0xff, firstSlot, firstSlot + 4 * header[4]!); // every posting's slot negative
    const opened = Bm25Index.open(bytesSource(bytes));
    expect(() => opened.search(words('graphs'), { limit: 5 })).toThrow(/malformed/);
  });
});
