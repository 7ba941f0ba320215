import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../core/byte-source.js';
import { BuiltinEmbeddingProvider } from '../embeddings/builtin/builtin-provider.js';
import { StaticModel } from '../embeddings/builtin/static-model.js';
import { forEachToken, termOf } from '../text/analyze.js';
import { addNeighbours, focusScore, focusWords, questionFocus, textWords, type FocusLexicon } from './focus.js';
import { FOCUS_FLOOR, builtinTermVectors } from './gather-evidence.js';

const terms = (text: string) => {
  const s = new Set<string>();
  forEachToken(text, (folded, start, end) => {
    const t = termOf(folded.slice(start, end));
    if (t) s.add(t);
  });
  return s;
};

// A candidate pool about mixture-of-experts models; one paper says anything about dropped tokens.
const pool = [
  'Mixture-of-experts models route each token to a few experts with a learned router.',
  'Sparse mixture-of-experts models scale language models; experts specialise on tokens.',
  'A load balancing loss spreads tokens evenly across experts in mixture-of-experts models.',
  'Expert parallelism speeds mixture-of-experts models training across devices.',
  'When an expert is over capacity, tokens are dropped in mixture-of-experts models.',
].map((text) => ({ terms: terms(text), texts: [textWords(text)] }));
const N = 1000;
const DF: Record<string, number> = { mixtur: 50, expert: 60, model: 400, token: 100, drop: 20, handl: 30, discard: 10 };
const df = (t: string) => DF[t] ?? 5;
const lexicon: FocusLexicon = { docFrequency: df, idf: (t) => Math.log(1 + (N - df(t) + 0.5) / (df(t) + 0.5)) };
const question = 'How do mixture-of-experts models handle dropped tokens?';
const score = (f: ReturnType<typeof questionFocus>, s: string) => focusScore(f, textWords(s));

describe('question focus', () => {
  it('tells the focus from the topic by the candidate pool: words most of the pool holds are topic', () => {
    const f = questionFocus(question, pool, lexicon);
    expect(focusWords(f)).toEqual(['dropped', 'tokens']);
    const weight = (w: string) => f.terms.find((t) => t.word === w)!.weight;
    expect(weight('dropped')).toBeGreaterThan(5 * weight('mixture'));
    expect(weight('dropped')).toBeGreaterThan(5 * weight('experts'));
  });

  it('rejects a sentence about the topic but not the focus', () => {
    const f = questionFocus(question, pool, lexicon);
    expect(score(f, 'Mixture-of-experts models route each token to a few experts.')).toBeLessThan(FOCUS_FLOOR);
    expect(score(f, 'Sparse expert layers scale mixture-of-experts language models cheaply.')).toBeLessThan(FOCUS_FLOOR);
  });

  it('accepts a sentence that states the focus in another inflection', () => {
    const f = questionFocus(question, pool, lexicon);
    for (const s of ['When an expert is over capacity, tokens are dropped and skip the layer.', 'The router drops tokens that overflow an expert.', 'Dropping tokens hurts accuracy.'])
      expect(score(f, s), s).toBeGreaterThanOrEqual(FOCUS_FLOOR);
  });

  it('matches a hyphenated compound and its solid form both ways ("fine-tuning", "finetuning")', () => {
    const tuning = [{ terms: terms('adapters'), texts: [] }];
    const asked = (q: string) => questionFocus(q, tuning, lexicon);
    // Without the compound's solid form neither sentence says "fine" or "tuning" as the other writes it.
    expect(focusScore(asked('why does fine-tuning forget?'), textWords('finetuning forgets old skills'))).toBeGreaterThanOrEqual(FOCUS_FLOOR);
    expect(focusScore(asked('why does finetuning forget?'), textWords('fine-tuning forgets old skills'))).toBeGreaterThanOrEqual(FOCUS_FLOOR);
    expect(focusScore(asked('why does fine-tuning forget?'), textWords('tuning the learning rate forgets nothing'))).toBeLessThan(FOCUS_FLOOR);
  });

  it('reads a British question against American abstracts ("colour", "recognise")', () => {
    const places = [{ terms: terms('visual place recognition'), texts: [] }];
    const f = questionFocus('Is colour needed to recognise a place?', places, lexicon);
    expect(f.terms.map((t) => t.word)).toContain('colour');
    expect(focusScore(f, textWords('Color is not needed to recognize a place.'))).toBeGreaterThan(focusScore(f, textWords('Depth is needed to find a place.')));
  });

  it('reads "lossless" as "without loss" and "training-free" as "without training"', () => {
    const quantized = [{ terms: terms('quantization of reasoning models'), texts: [] }];
    const f = questionFocus('Can reasoning models be quantized without loss?', quantized, lexicon);
    const at = (s: string) => focusScore(f, textWords(s));
    expect(at('Lossless quantization of reasoning models holds at 8 bits.')).toBeGreaterThan(at('Quantization of reasoning models holds at 8 bits.'));
    expect(textWords('a training-free method').words.some((w) => w.key === 'without')).toBe(true);
    // "unless" is not "without un".
    expect(textWords('unless noted').words.some((w) => w.key === 'without')).toBe(false);
  });

  it('lets a question name its baseline ("an ordinary cache") without making the adjective its focus', () => {
    const caches = [{ terms: terms('key value cache diffusion language models'), texts: [] }];
    const f = questionFocus('What prevents diffusion models from using an ordinary key-value cache?', caches, lexicon);
    const ordinary = f.terms.find((t) => t.word === 'ordinary')!;
    const prevents = f.terms.find((t) => t.word === 'prevents')!;
    expect(ordinary.framing).toBe(true);
    expect(ordinary.weight).toBeLessThan(prevents.weight);
  });

  it('accepts a synonym through the embedding model’s term vectors, never a topic word', () => {
    const v = (a: number[]) => {
      const n = Math.hypot(...a);
      return Float32Array.from(a.map((x) => x / n));
    };
    const vectors: Record<string, Float32Array> = { drop: v([1, 0.2, 0]), discard: v([0.9, 0.3, 0.1]), mixtur: v([0, 0, 1]), expert: v([0, 0.1, 1]), token: v([0, 1, 0]), rout: v([0.1, 0.5, 0.5]) };
    const synonym = 'The router discards tokens that overflow an expert.';
    const f = questionFocus(question, pool, lexicon);
    // Without the model "discards" is not "dropped": too little of the focus.
    expect(score(f, synonym)).toBeLessThan(FOCUS_FLOOR);
    addNeighbours(f, ['discard', 'rout', 'expert', 'token'], (ts) => new Map(ts.flatMap((t) => (vectors[t] ? [[t, vectors[t]] as const] : []))));
    const dropped = f.terms.find((t) => t.word === 'dropped')!;
    expect([...dropped.neighbours.keys()]).toEqual(['discard']);
    // Topic words get no neighbours: "experts" is not made focus evidence by its near words.
    expect(f.terms.find((t) => t.word === 'experts')!.neighbours.size).toBe(0);
    expect(score(f, synonym)).toBeGreaterThanOrEqual(FOCUS_FLOOR);
  });

  it('finds the same neighbours with the built-in model opened in parts as loaded whole, reading only the rows it needs', () => {
    // drop ~ discard; 2,000 filler terms make the model large beside what one question reads.
    const named: Record<string, number[]> = { drop: [1, 0.2, 0, 0], discard: [0.9, 0.3, 0.1, 0], mixtur: [0, 0, 1, 0], expert: [0, 0.1, 1, 0], token: [0, 1, 0, 0], rout: [0.1, 0.5, 0.5, 0] };
    const terms = [...Object.keys(named), ...Array.from({ length: 2000 }, (_, i) => `filler${i}`)];
    const vectors = Float32Array.from(terms.flatMap((t, i) => named[t] ?? [0, 0, 0.1, 1 + (i % 5)]));
    const whole = new StaticModel(terms, new Float32Array(terms.length).fill(1), vectors, 4);
    const bytes = whole.serialize();
    let read = 0;
    const source = bytesSource(bytes);
    const counted = { ...source, read: (offset: number, length: number) => ((read += length), source.read(offset, length)) };
    const opened = StaticModel.open(counted, createHash('sha256').update(bytes).digest('hex'));
    expect(opened.openedInParts).toBe(true);
    const vocabulary = ['discard', 'rout', 'expert', 'token', 'filler7'];
    const neighboursWith = (model: StaticModel) => {
      const f = questionFocus(question, pool, lexicon);
      addNeighbours(f, vocabulary, builtinTermVectors(new BuiltinEmbeddingProvider(model, { workers: 0 }))!);
      return f.terms.map((t) => [t.word, [...t.neighbours]]);
    };
    const fromParts = neighboursWith(opened);
    expect(fromParts).toEqual(neighboursWith(whole));
    expect(fromParts.find(([w]) => w === 'dropped')![1]).toEqual([['discard', expect.closeTo(0.987, 2)]]);
    // Header, idf and vocabulary, plus a few rows: far from the 2,006 rows of 16 bytes.
    expect(read).toBeLessThan(bytes.length / 2);
  });

  it('takes the focus from a phrase the pool uses, not from a word that frames the question', () => {
    // Every paper says "draft" and "length"; two say "draft length"; none says "choose".
    const spec = [
      'Speculative decoding drafts tokens with a small model and reports the accepted length.',
      'Speculative decoding verifies draft tokens in parallel; the sequence length is fixed.',
      'Tree drafts raise the accepted length of speculative decoding.',
      'An adaptive strategy adjusts the draft length of speculative decoding at each step.',
      'A fixed draft length limits speculative decoding speedups.',
    ].map((text) => ({ terms: terms(text), texts: [textWords(text)] }));
    const specDf: Record<string, number> = { specul: 20, decod: 80, choos: 6, draft: 8, length: 40 };
    const lex: FocusLexicon = { docFrequency: (t) => specDf[t] ?? 5, idf: (t) => Math.log(1 + (N - (specDf[t] ?? 5) + 0.5) / ((specDf[t] ?? 5) + 0.5)) };
    const f = questionFocus('how does speculative decoding choose the draft length?', spec, lex);
    expect(focusWords(f)).toEqual(['draft', 'length']);
    // "choose" is the question's frame: a sentence on how the draft length is set answers without it.
    expect(score(f, 'An adaptive drafting strategy dynamically adjusts the draft length.')).toBeGreaterThanOrEqual(FOCUS_FLOOR);
    expect(score(f, 'Speculative decoding drafts tokens and verifies them.')).toBeLessThan(FOCUS_FLOOR);
  });
});
