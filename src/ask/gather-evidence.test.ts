import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { PaperRecord } from '../core/paper.js';
import type { AskSources } from './ask-types.js';
import { focusWords, questionFocus, textWords } from './focus.js';
import { analyze } from '../text/analyze.js';
import { CANDIDATE_PAPERS, CLAIM_MARGIN_REFERENCE, RELATIVE_PAPER_SCORE, aboutQuestion, calibrateForLength, gatherEvidence, scoreMargin, selectMmr, termOverlap } from './gather-evidence.js';
import { ASK_PAPERS } from './test-support/ask-library.js';

const s = (paperId: string, score: number, words: string) => ({ paperId, score, terms: new Set(words.split(' ')) });

describe('calibrateForLength', () => {
  it('removes the part of the score that length predicts, keeping the mean', () => {
    // Scores rise with length only: calibrated, long and short sentences score alike.
    const lengths = [5, 10, 20, 40];
    const scores = lengths.map((l) => 0.1 * Math.log(1 + l));
    const out = calibrateForLength(scores, lengths);
    expect(Math.max(...out) - Math.min(...out)).toBeLessThan(1e-9);
    expect(out.reduce((a, b) => a + b) / 4).toBeCloseTo(scores.reduce((a, b) => a + b) / 4);
  });

  it('leaves scores alone when length does not favour them, or the pool is tiny', () => {
    expect(calibrateForLength([0.9, 0.5, 0.1], [5, 10, 20])).toEqual([0.9, 0.5, 0.1]);
    expect(calibrateForLength([0.1, 0.9], [5, 50])).toEqual([0.1, 0.9]);
  });
});

describe('selectMmr', () => {
  it('skips a near-duplicate of a sentence already taken in favour of a less redundant one', () => {
    const sorted = [s('A', 1, 'expert drop token capac'), s('B', 0.95, 'expert drop token capac'), s('C', 0.8, 'rerout spare expert')];
    const picked = selectMmr(sorted, { max: 2, perPaper: 3, lambda: 0.7, floor: 0 });
    expect(picked.map((p) => p.paperId)).toEqual(['A', 'C']);
  });

  it('caps sentences per paper and stops below the relative floor', () => {
    const sorted = [s('A', 1, 'a'), s('A', 0.9, 'b'), s('A', 0.8, 'c'), s('B', 0.7, 'd'), s('C', 0.2, 'e')];
    const picked = selectMmr(sorted, { max: 8, perPaper: 2, lambda: 0.7, floor: 0.5 });
    expect(picked.map((p) => `${p.paperId}${p.score}`)).toEqual(['A1', 'A0.9', 'B0.7']);
    expect(selectMmr([s('A', 0, 'a')], { max: 3, perPaper: 3, lambda: 0.7, floor: 0 })).toEqual([]);
  });

  it('leaves out papers whose best sentence is below the paper floor', () => {
    const sorted = [s('A', 1, 'a'), s('B', 0.85, 'b'), s('C', 0.7, 'c'), s('A', 0.65, 'd')];
    expect(selectMmr(sorted, { max: 8, perPaper: 3, lambda: 0.7, floor: 0.5, paperFloor: 0.8 }).map((p) => p.paperId)).toEqual(['A', 'B', 'A']);
  });

  it('measures redundancy as Jaccard overlap', () => {
    expect(termOverlap(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(termOverlap(new Set(), new Set(['a']))).toBe(0);
  });
});

describe('aboutQuestion', () => {
  // The library: "demonstrations" stems with "demonstrate", which nearly half the papers hold (idf 0.8); "sinks" is rare.
  const idf: Record<string, number> = { demonstr: 0.8, sink: 6.5 };
  const lexicon = { idf: (t: string) => idf[t] ?? 4, docFrequency: () => 10 };
  const paper = (text: string) => ({ terms: new Set(analyze(text)), texts: [textWords(text)] });
  it('takes a paper holding nearly all of a claim\'s words as about it, though it lacks the pool\'s one (common) topic word', () => {
    const claim = 'Many-shot jailbreaks only work with carefully crafted harmful demonstrations.';
    // The pool is on in-context demonstrations: "demonstrations" is its one topic word, the rest focus.
    const pool = [paper('in-context demonstrations selection'), paper('demonstrations ordering'), paper('demonstrations retrieval')];
    const focus = questionFocus(claim, pool, lexicon);
    const msj = new Set(analyze('Many-shot jailbreaking: successful attacks do not require carefully crafted harmful content.'));
    // A question's rule wants the topic word; a claim's also accepts a paper holding 0.9 of the claim's idf.
    expect(aboutQuestion(false, focus, msj)).toBe(false);
    expect(aboutQuestion(true, focus, msj)).toBe(true);
    // A paper holding the claim's focus words but missing a rare word of it ("shot", "jailbreaks") is not.
    expect(aboutQuestion(true, focus, new Set(analyze('Carefully crafted harmful prompts.')))).toBe(false);
  });
});

describe('scoreMargin', () => {
  const flat = Array.from({ length: CANDIDATE_PAPERS }, (_, i) => 10 - i * 0.1);
  it('is large for a paper well clear of the pool and small for the head of a flat pool', () => {
    const clear = [30, ...flat.slice(1)];
    expect(scoreMargin(clear, 30)).toBeGreaterThan(4);
    expect(scoreMargin(flat, 10)).toBeLessThan(2);
  });

  it('gives a paper the pool lacks its lowest score, and a small pool the neutral reference', () => {
    expect(scoreMargin(flat, undefined)).toBeCloseTo(scoreMargin(flat, Math.min(...flat)));
    expect(scoreMargin([30, 1, 1], 30)).toBe(CLAIM_MARGIN_REFERENCE);
  });
});


describe('gatherEvidence on a library', () => {
  let t: { dir: string; store: SqliteStore };
  let sources: AskSources;
  beforeAll(async () => {
    t = openTempStore('paperboy-gather-');
    // A paper saying outright what the question asks, beside ASK_PAPERS' rerouting paper that says it less directly.
    const direct = {
      arxivId: '2611.00777', title: 'Token Dropping in Expert Layers', date: '2026-11-20', authors: ['Some Author'],
      abstract: 'Mixture-of-experts models drop tokens when experts overflow. We measure how often.',
    };
    await ingestRecords(t.store, [...ASK_PAPERS, direct]);
    sources = { store: t.store, lexical: await refreshLexicalIndex(t.store) };
  });
  afterAll(async () => {
    await closeTempStore(t);
  });
  const anchor = 'mixture-of-experts models fold proteins';
  // A reformulation that drifted to another topic (pseudo-relevance feedback can).
  const drifted = 'protein folding geometric deep learning';

  it('keeps the first round’s focus: a reformulated query’s pool does not say what the topic is', async () => {
    const first = await gatherEvidence(sources, { kind: 'library', query: anchor, anchor });
    expect(focusWords(first.focus)).toEqual(['fold', 'proteins']);
    const remeasured = await gatherEvidence(sources, { kind: 'library', query: drifted, anchor });
    // Measured on the drifted pool, the topic would be proteins and the focus the experts.
    expect(focusWords(remeasured.focus)).not.toEqual(['fold', 'proteins']);
    const later = await gatherEvidence(sources, { kind: 'library', query: drifted, anchor, anchorFocus: first.focus });
    expect(later.focus).toBe(first.focus);
    expect(later.focusBest).toBe(0);
  });

  it('quotes only the papers that answer almost as well as the best one; an LLM gets the wider set', async () => {
    const query = 'How do mixture-of-experts models handle dropped tokens?';
    const wide = await gatherEvidence(sources, { kind: 'library', query, anchor: query });
    const quoted = await gatherEvidence(sources, { kind: 'library', query, anchor: query, quoted: true });
    const papers = (g: typeof wide) => new Set(g.evidence.map((e) => e.paperId));
    const paperBest = (g: typeof wide, id: string) => Math.max(...g.evidence.filter((e) => e.paperId === id).map((e) => e.score));
    expect(papers(quoted).size).toBeGreaterThan(0);
    // A paper of the wide set is quoted exactly when its best sentence scores nearly as well as the best one (selectMmr's paperFloor, tested above).
    for (const id of papers(wide)) expect(papers(quoted).has(id), id).toBe(paperBest(wide, id) >= RELATIVE_PAPER_SCORE * wide.evidence[0]!.score);
    for (const id of papers(quoted)) expect(papers(wide).has(id)).toBe(true);
    // "We measure how often." names none of the focus itself; its title ("Token Dropping in Expert Layers") alone does not make it evidence.
    expect(wide.evidence.map((e) => e.text)).not.toContain('We measure how often.');
  });
});

describe('gatherEvidence and the moves of an abstract', () => {
  let t: { dir: string; store: SqliteStore };
  let sources: AskSources;
  beforeAll(async () => {
    t = openTempStore('paperboy-moves-');
    const learners = {
      arxivId: '2510.04071', title: 'What Makes Diffusion Language Models Super Data Learners?', date: '2025-10-05', authors: ['Some Author'],
      abstract:
        'Recent studies have shown that diffusion language models achieve remarkable data efficiency under limited-data constraints, yet the underlying mechanisms remain unclear. ' +
        'In this work, we perform extensive ablation experiments to disentangle the sources of this efficiency. ' +
        'Our results show that random masking of input tokens plays the dominant role. ' +
        'Our code is available at https://github.com/someone/data-efficiency.',
    };
    await ingestRecords(t.store, [...ASK_PAPERS, learners]);
    sources = { store: t.store, lexical: await refreshLexicalIndex(t.store) };
  });
  afterAll(async () => {
    await closeTempStore(t);
  });

  it('quotes the finding that answers the question a gap sentence poses, never the gap or the pointer to code', async () => {
    const query = 'What explains the data efficiency of diffusion language models?';
    const g = await gatherEvidence(sources, { kind: 'library', query, anchor: query, quoted: true });
    const texts = g.evidence.map((e) => e.text);
    // The finding names the focus only as "this efficiency" two sentences on: its paper's gap sentence vouches for it.
    expect(texts).toContain('Our results show that random masking of input tokens plays the dominant role.');
    expect(texts.some((x) => /remain unclear|available at/.test(x))).toBe(false);
  });
});

/** ASK_PAPERS and `extra` in a temporary library for one describe block: opened before its tests, closed after. */
function blockLibrary(prefix: string, extra: PaperRecord[]): { sources?: AskSources } {
  const library: { sources?: AskSources } = {};
  let t: { dir: string; store: SqliteStore };
  beforeAll(async () => {
    t = openTempStore(prefix);
    await ingestRecords(t.store, [...ASK_PAPERS, ...extra]);
    library.sources = { store: t.store, lexical: await refreshLexicalIndex(t.store) };
  });
  afterAll(async () => {
    await closeTempStore(t);
  });
  return library;
}

describe('gatherEvidence for a claim', () => {
  const sam = {
    arxivId: '2611.00888', title: 'Putting the Segment Anything Model to the Test with 3D Knee MRI', date: '2026-11-20', authors: ['Some Author'],
    abstract: [
      'The Segment Anything Model (SAM) is a foundation segmentation model.',
      'In this study, SAM was adapted to segment menisci from 3D knee MRI.',
      'When fine-tuning only the decoder, SAM was unable to compete with 3D U-Net.',
      'The end-to-end trained SAM and the 3D U-Net were comparable to the winning Dice score of the knee MRI segmentation challenge.',
    ].join(' '),
  };
  // Papers on fine-tuning decoders and U-Nets elsewhere: the claim's words but knee, MRI and menisci are common in this library.
  const decoders = ['retinal vessels', 'liver tumours', 'road scenes', 'cell nuclei', 'lung nodules', 'brain tumours', 'satellite images', 'prostate glands'].map((topic, i) => ({
    arxivId: `2611.0090${i}`, title: `Decoder Fine-Tuning for ${topic}`, date: '2026-11-20', authors: ['Some Author'],
    abstract: `We compare fine-tuning only the decoder of a segmentation model with a 3D U-Net on ${topic}. Fine-tuning only the decoder is cheaper.`,
  }));
  const library = blockLibrary('paperboy-gather-claim-', [...decoders, sam]);

  it('ranks the sentence stating the claim’s own condition above one on another, reading "SAM" as the model the abstract defines and the title as every sentence’s subject', async () => {
    const claim = 'Fine-tuning only the decoder of the Segment Anything Model matches a 3D U-Net for segmenting menisci in knee MRI.';
    const g = await gatherEvidence(library.sources!, { kind: 'claim', query: claim, anchor: claim, quoted: true });
    const decoderOnly = 'When fine-tuning only the decoder, SAM was unable to compete with 3D U-Net.';
    const rank = (start: string) => g.candidates.findIndex((c) => c.text.startsWith(start));
    // Without either, "knee MRI … comparable" (the end-to-end model, another condition) ranked above it by holding "knee MRI", which the title says, and it was not quoted.
    expect(rank(decoderOnly)).toBeLessThan(rank('The end-to-end trained SAM'));
    expect(g.evidence.map((e) => e.text)).toContain(decoderOnly);
  });
});
