/**
 * Evidence at sentence level: the product's search finds candidate papers (hybrid once the library
 * is embedded), their abstracts are split into sentences (ask/sentences.ts), each sentence is
 * scored against the query, and maximal marginal relevance (MMR, Carbonell & Goldstein 1998)
 * picks a small set that is relevant but low in redundancy, the property query-centric data
 * synthesis (Quest) selects for.
 *
 * Sentence score = idf-weighted query coverage, calibrated for length, + the paper's search rank
 * as a prior + the embedding cosine when the library is embedded. Length calibration follows
 * Post-hoc Reward Calibration (Huang et al., "length bias"): a longer sentence covers more query
 * words by chance, so the part of coverage that the candidate pool's length predicts (a
 * least-squares fit on log length) is estimated and subtracted.
 */
import type { Paper } from '../core/paper.js';
import { BuiltinEmbeddingProvider } from '../embeddings/builtin/builtin-provider.js';
import { normalise } from '../embeddings/builtin/static-model.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { dot } from '../vector/dot.js';
import { analyze } from '../text/analyze.js';
import { answerTest, statesFinding, statesGap, statesNoAnswer } from './answer-type.js';
import { addAxisNeighbours, axisTerms } from './claim-stance.js';
import type { AskSources, EvidenceSentence } from './ask-types.js';
import { CANDIDATE_PAPERS, candidatePapers, readPool, type Candidate, type PaperReading, type Pool, type PoolRequest } from './candidate-pool.js';
import { citeKey } from './compose-answer.js';
import { TITLE_CREDIT, TOPIC_SHARE, addNeighbours, holdsTerm, questionFocus, readFocus, type Focus } from './focus.js';

export interface GatherRequest extends PoolRequest {
  query: string;
  /** The question as asked: its answer type (ask/answer-type.ts). Default `anchor`. */
  question?: string;
  /**
   * The query `strength` and the focus are measured against (default `query`): the first round's,
   * so that words a reformulation took from off-topic evidence cannot lift off-topic evidence.
   */
  anchor?: string;
  /** A claim's anchor-query search scores by paper id, as a first round returned them (`Gathered.anchorScores`): not searched again. */
  anchorScores?: ReadonlyMap<string, number>;
  /**
   * The focus as the first round told it (`Gathered.focus`): a reformulated query's pool is not
   * asked again what the topic is, or words borrowed from off-topic papers would make it theirs.
   */
  anchorFocus?: Focus;
  /** The answer quotes the evidence (extractive engine): only papers that answer almost as well as the best are quoted (RELATIVE_PAPER_SCORE). */
  quoted?: boolean;
}

export interface Gathered {
  /** The MMR selection, in selection order (best first): only sentences that address the focus. */
  evidence: EvidenceSentence[];
  /** Every scored sentence of every candidate paper, best first: for notes and reformulation. */
  candidates: EvidenceSentence[];
  /**
   * How well the evidence answers, 0..1: the best focus score of a sentence that may be cited
   * (focus.ts); for a claim, its best paper's (CLAIM_MARGIN_WEIGHT), which can leave 0..1. The
   * pipeline's floor reads this.
   */
  strength: number;
  /** The best focus score of a citable sentence (0 when none): what background queries are compared with. */
  focusBest: number;
  /** The anchor query's focus, measured on the first round's pool (GatherRequest.anchorFocus). */
  focus: Focus;
  /** Each candidate sentence's focus score, by citeKey; sentences that may not be cited are absent. */
  citable: Map<string, number>;
  /** Each candidate paper's best focus score over its sentences (cited or not): how close it comes to the question, for an abstention's note. */
  paperFocus: Map<string, number>;
  /** Each candidate paper's sentences as split from the stored abstract: what citations are verified against. */
  sentencesOf: Map<string, string[]>;
  /** For a claim: the anchor query's search scores by paper id, for the later rounds' requests. */
  anchorScores?: ReadonlyMap<string, number>;
}

export { CANDIDATE_PAPERS };
/**
 * Sentences selected at most, and from one paper at most. A claim needs its few decisive
 * sentences (on SciFact train, 3 beat 8 by 0.08 sentence F1: 8 dilutes precision); a question
 * about the library gets a broader picture.
 */
export const MAX_EVIDENCE = 6;
export const MAX_CLAIM_EVIDENCE = 3;
export const PER_PAPER = 3;
/**
 * For a claim, only papers whose best sentence scores this share of the best paper's are cited:
 * 1, the best paper alone. On SciFact train a runner-up paper is gold evidence for under 0.27 of
 * claims even when its search score is within 5% of the best (adding a citation pays in F1 above
 * about 0.37), and the floor 0.8 this replaces cost 0.08 abstract precision for 0.02 recall.
 */
export const CLAIM_PAPER_FLOOR = 1;
/**
 * A claim's strength: the mean of the shares of its idf mass that its best paper's title and
 * abstract hold and that its best selected sentence holds (the claim's words in the paper, and
 * together in one sentence), plus CLAIM_MARGIN_WEIGHT for each standard deviation by which the
 * paper's search score stands out from the candidates' beyond CLAIM_MARGIN_REFERENCE. A
 * score-distribution query performance predictor (in the manner of WIG, Zhou & Croft 2007, and
 * NQC, Shtok et al. 2012): a claim the library speaks to has one paper well clear of the rest,
 * one it does not has a flat pool. Tuned on SciFact train claims with an even id, checked on the
 * odd ones (README, "Ask").
 */
export const CLAIM_MARGIN_WEIGHT = 0.15;
export const CLAIM_MARGIN_REFERENCE = 3.4;
/** MMR trade-off: relevance weight (1 - LAMBDA weighs redundancy). */
export const MMR_LAMBDA = 0.7;
/** Selection stops at sentences scoring below this share of the best one. */
export const RELATIVE_FLOOR = 0.6;
/** Weights of the score's parts (tuned on SciFact train, see README). */
const W_COVERAGE = 1;
const W_PRIOR = 0.6;
const W_COSINE = 0.4;
/** Papers dated before `since` keep this share of their prior on 'recent' questions. */
const STALE_PRIOR = 0.3;
/**
 * A sentence may be cited only when it covers this share of the question's focus weight
 * (focus.ts), states the kind of answer a factoid asks for (answer-type.ts), and its paper holds
 * PAPER_COVERAGE of the question's idf mass (the paper is about the question's topic).
 */
export const FOCUS_FLOOR = 0.5;
export const PAPER_COVERAGE = 0.6;
/** A claim's paper may instead hold this share of the idf of all the claim's content words (holdsClaim). */
export const CLAIM_PAPER_COVERAGE = 0.9;
/**
 * A claim's sentences need less: a claim restates its evidence in other words more than a question
 * does. Set on SciFact's even half (abstract F1 0.675 at 0.35, 0.709 at 0.25, 0.710 at 0.2) with
 * eval-ask's tune half unchanged; the background test still guards a claim on a large library.
 */
export const CLAIM_FOCUS_FLOOR = 0.25;
/** A question's evidence: sentences whose focus score is at least this share of the best citable sentence's, */
export const RELATIVE_FOCUS = 0.85;
/**
 * … and, when the answer quotes them, from papers whose best such sentence's whole score (focus,
 * search rank prior, cosine) reaches this share of the best one's (an LLM engine gets the wider set
 * and is verified sentence by sentence). The search's own verdict on the paper counts: a paper
 * ranked first by a wide margin whose sentence says "outlier tokens … removing them … without
 * retraining" beats a fourth-ranked one whose sentence happens to hold one more question word.
 * On eval-ask's tune half, against the same share of the focus score alone (0.95), citation
 * precision 0.73 → 0.75 lexical and 0.80 → 0.94 hybrid, answers 16 → 15 and 16 → 17.
 */
export const RELATIVE_PAPER_SCORE = 0.9;
const W_FOCUS = 1;
/** A finding's focus, as a share of its paper's gap sentence's (readingFocus): the paper's answer to the question it poses. */
export const FINDING_CREDIT = 0.9;

interface Scored extends EvidenceSentence {
  terms: Set<string>;
  coverage: number;
  focus: number;
  citable: boolean;
}

/** What decides whether a sentence may be cited, for one question. */
interface Citability {
  /** Whether a sentence states the kind of answer the question asks for (answer-type.ts). */
  statesAnswer: (sentence: string) => boolean;
  floor: number;
  /** The focus has a non-framing word (else a question about a paper as a whole: no focus to miss). */
  hasFocus: boolean;
  /** A question's evidence has rules of its own (questionEvidence); a claim restates its evidence more freely. */
  question: boolean;
}

export async function gatherEvidence(sources: AskSources, request: GatherRequest): Promise<Gathered> {
  const pool = await readPool(sources, request, request.query);
  const anchor = request.anchor ?? request.query;
  // The focus is told from the first round's pool (the topic); a later round keeps it.
  const focus = request.anchorFocus ?? questionFocus(anchor, pool.readings.map((r) => ({ terms: r.paperTerms, texts: [r.titleWords, ...r.words] })), sources.lexical);
  const rules: Citability = {
    statesAnswer: answerTest(request.question ?? anchor),
    floor: request.kind === 'claim' ? CLAIM_FOCUS_FLOOR : FOCUS_FLOOR,
    hasFocus: focus.terms.some((t) => !t.framing),
    question: request.kind !== 'claim',
  };
  const vectorOf = sources.termVectors;
  if (vectorOf) addNeighbours(focus, new Set(pool.readings.flatMap((r) => r.terms.flatMap((t) => [...t]))), vectorOf);
  if (request.kind === 'claim') addAxisNeighbours(focus);
  const queryTerms = [...new Set(analyze(request.query))];
  const weights = new Map(queryTerms.map((t) => [t, sources.lexical.idf(t)]));
  const mass = [...weights.values()].reduce((a, b) => a + b, 0);

  const scored: Scored[] = [];
  const sentencesOf = new Map<string, string[]>();
  pool.papers.forEach(({ docId, paper }, rank) => {
    const reading = pool.readings[rank]!;
    sentencesOf.set(paper.id, reading.sentences);
    const stale = request.kind === 'recent' && request.since !== undefined && (paper.date ?? '') < request.since;
    const prior = (1 / Math.sqrt(1 + rank)) * (stale ? STALE_PRIOR : 1);
    // A claim's word in the title is the implicit subject of every sentence (as focus.ts credits it): a sentence is ranked by the rest of the claim it states.
    const title = request.kind === 'claim' ? reading.titleTerms : undefined;
    const onTopic = request.kind === 'paper' || aboutQuestion(request.kind === 'claim', focus, reading.paperTerms);
    const read = readingFocus(rules, focus, reading);
    reading.sentences.forEach((text, sentenceIndex) => {
      const terms = reading.terms[sentenceIndex]!;
      let covered = 0;
      for (const [t, w] of weights) if (terms.has(t)) covered += w;
      else if (title?.has(t)) covered += TITLE_CREDIT * w;
      // Kind 'paper' has one candidate: the abstract's opening and closing sentences state its point.
      const position = request.kind === 'paper' && (sentenceIndex === 0 || sentenceIndex === reading.sentences.length - 1) ? 0.1 : 0;
      scored.push({
        paperId: paper.id, docId, sentenceIndex, text, title: paper.title, ...(paper.date ? { date: paper.date } : {}),
        score: W_PRIOR * prior + position, terms, coverage: mass > 0 ? covered / mass : 0, focus: read.focus[sentenceIndex]!,
        citable: onTopic && read.citable[sentenceIndex]!,
      });
    });
  });
  const focusBest = Math.max(0, ...scored.filter((s) => s.citable).map((s) => s.focus));
  const paperFocus = new Map<string, number>();
  for (const s of scored) paperFocus.set(s.paperId, Math.max(s.focus, paperFocus.get(s.paperId) ?? 0));
  if (scored.length === 0) return { evidence: [], candidates: [], strength: 0, focusBest, focus, citable: new Map(), paperFocus, sentencesOf };

  // A claim is ranked by its words in the sentence (SciFact-tuned); a question by its focus.
  const ranked = request.kind === 'claim' ? scored.map((s) => s.coverage) : scored.map((s) => s.focus);
  const calibrated = calibrateForLength(ranked, scored.map((s) => s.terms.size));
  scored.forEach((s, i) => (s.score += (request.kind === 'claim' ? W_COVERAGE : W_FOCUS) * calibrated[i]!));
  if (sources.semantic) {
    const { provider } = sources.semantic;
    const [q] = await provider.embed([request.query], 'query');
    const vectors = await provider.embed(scored.map((s) => s.text), 'document');
    if (q) scored.forEach((s, i) => (s.score += W_COSINE * Math.max(0, dot(q, 0, vectors[i]!, q.length))));
  }
  scored.sort((a, b) => b.score - a.score || a.docId - b.docId || a.sentenceIndex - b.sentenceIndex);
  // A question's evidence comes from the sentences that answer it nearly as well as the best one does (and, quoted, from the papers whose best of them scores almost as well).
  const eligible = scored.filter((s) => s.citable && (request.kind === 'claim' || s.focus >= RELATIVE_FOCUS * focusBest));
  const selected = selectMmr(eligible, request.kind === 'claim'
      ? { max: MAX_CLAIM_EVIDENCE, perPaper: PER_PAPER, lambda: MMR_LAMBDA, floor: RELATIVE_FLOOR, paperFloor: CLAIM_PAPER_FLOOR }
      : { max: MAX_EVIDENCE, perPaper: PER_PAPER, lambda: MMR_LAMBDA, floor: RELATIVE_FLOOR, ...(request.quoted ? { paperFloor: RELATIVE_PAPER_SCORE } : {}) });
  const citable = new Map(scored.filter((s) => s.citable).map((s) => [citeKey(s), s.focus]));
  const gathered: Gathered = {
    evidence: selected.map(plain), candidates: scored.map(plain), strength: selected.length ? focusBest : 0, focusBest, focus, citable, paperFocus, sentencesOf,
  };
  if (request.kind === 'paper') gathered.strength = selected.length ? 1 : 0;
  else if (request.kind === 'claim' && selected[0]) {
    // The margin is measured among the anchor query's candidates: a reformulated query takes its
    // words from the best paper, so under it that paper would stand out by construction.
    const anchorScores =
      request.anchorScores ?? scoresById(anchor === request.query ? pool.papers : await candidatePapers(sources, request, anchor));
    const best = pool.papers.find((p) => p.paper.id === selected[0]!.paperId)!.paper;
    // A sentence that holds a claim's polarity word's antonym ("shift" for "fixed") covers it.
    const sentenceCoverage = anchorCoverage(sources, anchor, selected.map((s) => new Set([...s.terms, ...axisTerms(anchor, s.text)])));
    gathered.strength = claimStrength(sources, anchor, anchorScores, best, sentencesOf.get(best.id)!, sentenceCoverage);
    gathered.anchorScores = anchorScores;
  }
  return gathered;
}

/**
 * The best focus score a sentence of `pool` reaches for `focus` (a background query's,
 * ask/background.ts), by the same rules as the question's own evidence but for the floor: what
 * chance reaches, even below it.
 */
export function bestFocus(question: string, focus: Focus, pool: Pool, asQuestion: boolean): number {
  const rules: Citability = { statesAnswer: answerTest(question), floor: 0, hasFocus: true, question: asQuestion };
  let best = 0;
  for (const r of pool.readings) {
    if (!aboutQuestion(!asQuestion, focus, r.paperTerms)) continue;
    const read = readingFocus(rules, focus, r);
    read.focus.forEach((f, i) => {
      if (f > best && read.citable[i]) best = f;
    });
  }
  return best;
}

/**
 * Each sentence's focus score and whether it may be cited (the paper being on topic aside): it
 * addresses the focus at least to the floor and states the kind of answer asked for; for a
 * question, it also names some of the focus itself (readFocus: the title only completes its
 * subject) and is not a move of the abstract that never answers (statesNoAnswer: "X remains
 * unclear" names X because it does not answer about it; "code is available at …/data-efficiency"
 * names it in a URL). But a paper whose gap sentence poses the question ("… data efficiency under
 * limited data, yet the underlying mechanisms remain unclear") answers it in its findings ("Our
 * results show that random masking … plays the dominant role"), which name it only as "this":
 * those findings are read with FINDING_CREDIT of the gap sentence's focus.
 */
function readingFocus(rules: Citability, focus: Focus, reading: PaperReading): { focus: number[]; citable: boolean[] } {
  const read = reading.words.map((w) => readFocus(focus, w, reading.titleWords));
  const scores = read.map((r) => r.score);
  const citable = reading.sentences.map((text, i) => (!rules.hasFocus || scores[i]! >= rules.floor) && rules.statesAnswer(text));
  if (!rules.question) return { focus: scores, citable };
  const named = read.map((r) => !rules.hasFocus || r.named);
  let posed = 0;
  reading.sentences.forEach((text, i) => {
    if (named[i] && statesGap(text)) posed = Math.max(posed, scores[i]!);
    citable[i] = citable[i]! && named[i]! && !statesNoAnswer(text);
  });
  if (rules.hasFocus && posed >= rules.floor) {
    reading.sentences.forEach((text, i) => {
      if (!statesFinding(text) || !rules.statesAnswer(text) || statesNoAnswer(text)) return;
      scores[i] = Math.max(scores[i]!, FINDING_CREDIT * posed);
      citable[i] = true;
    });
  }
  return { focus: scores, citable };
}

/** The paper is about the question (holdsQuestion), or, for a claim, holds most of what the claim says (holdsClaim). */
export const aboutQuestion = (claim: boolean, focus: Focus, paperTerms: Set<string>): boolean =>
  holdsQuestion(focus, paperTerms) || (claim && holdsClaim(focus, paperTerms));

/**
 * A claim names what it asserts in full, so a paper whose title and abstract hold nearly all of
 * its content words (CLAIM_PAPER_COVERAGE of their idf) is about it, whatever common topic word
 * it lacks: a paper on many-shot jailbreaking that says "shots" where the claim says
 * "demonstrations" (stemmed with "demonstrate", in nearly half the library, and the pool's one
 * topic word). Measured on the focus's terms, so a background query (ask/background.ts) is judged
 * by the same rule on its own words; at PAPER_COVERAGE (0.6) a paper lacking the claim's rarest
 * topic word ("sinks") but holding a background's random words passed.
 */
function holdsClaim(focus: Focus, paperTerms: Set<string>): boolean {
  const content = focus.terms.filter((t) => !t.framing);
  const total = content.reduce((a, t) => a + t.idf, 0);
  return total > 0 && content.reduce((a, t) => a + (holdsTerm(paperTerms, t) ? t.idf : 0), 0) / total >= CLAIM_PAPER_COVERAGE;
}

/**
 * The paper (title and abstract) is about the question's topic: it holds PAPER_COVERAGE of the
 * idf of the question's distinctive topic words (topic words, focus.ts, at least as rare as their
 * average: "diffusion", not "models"). A sentence that names the focus in a paper on another topic
 * ("sweaters" in a paper on knitwear curves, asked about diffusion models) does not answer.
 */
function holdsQuestion(focus: Focus, paperTerms: Set<string>): boolean {
  const topic = focus.terms.filter((t) => !t.framing && t.topicShare >= TOPIC_SHARE);
  if (topic.length === 0) return true;
  const mean = topic.reduce((a, t) => a + t.idf, 0) / topic.length;
  const key = topic.filter((t) => t.idf >= mean);
  const total = key.reduce((a, t) => a + t.idf, 0);
  return total <= 0 || key.reduce((a, t) => a + (holdsTerm(paperTerms, t) ? t.idf : 0), 0) / total >= PAPER_COVERAGE;
}

/**
 * Unit term vectors of the built-in model, when `provider` is it (for AskSources.termVectors);
 * each term's computed once. A model loaded whole copies them from memory; one opened in parts
 * (the CLI reading its artifact by range) reads just the rows asked for that no text has needed
 * yet, nearby rows in one read, never the whole model: on the 75k arXiv library a question's pool
 * asks ~800 terms, of which 200–1,100 kB of rows are new (50–700 reads, 15–50 ms on a loaded machine).
 */
export function builtinTermVectors(provider: EmbeddingProvider): ((terms: readonly string[]) => ReadonlyMap<string, Float32Array>) | undefined {
  if (!(provider instanceof BuiltinEmbeddingProvider)) return undefined;
  const { model } = provider;
  const known = new Map<string, Float32Array | undefined>();
  return (terms) => {
    const ids = new Map<number, string>();
    for (const term of terms) {
      if (known.has(term)) continue;
      const id = model.termId(term);
      if (id < 0) known.set(term, undefined);
      else ids.set(id, term);
    }
    for (const [id, v] of model.rowsOf([...ids.keys()])) known.set(ids.get(id)!, normalise(v) === 0 ? undefined : v);
    const out = new Map<string, Float32Array>();
    for (const term of terms) {
      const v = known.get(term);
      if (v) out.set(term, v);
    }
    return out;
  };
}

const scoresById = (papers: Candidate[]): ReadonlyMap<string, number> => new Map(papers.map((p) => [p.paper.id, p.score]));

/** The claim's strength (see CLAIM_MARGIN_WEIGHT) for its best paper, given its best selected sentence's coverage. */
function claimStrength(sources: AskSources, anchor: string, anchorScores: ReadonlyMap<string, number>, best: Paper, bestSentences: string[], sentenceCoverage: number): number {
  const margin = scoreMargin([...anchorScores.values()], anchorScores.get(best.id));
  const abstractCoverage = anchorCoverage(sources, anchor, [new Set(analyze(`${best.title} ${bestSentences.join(' ')}`))]);
  return (abstractCoverage + sentenceCoverage) / 2 + CLAIM_MARGIN_WEIGHT * (margin - CLAIM_MARGIN_REFERENCE);
}

/**
 * How many standard deviations `own` lies above the mean of the pool's scores; a paper the pool
 * lacks counts as its lowest. Fewer than CANDIDATE_PAPERS scores (a small library, a digest's new
 * papers) are no pool to stand out from: the margin is then CLAIM_MARGIN_REFERENCE (neutral).
 */
export function scoreMargin(scores: readonly number[], own: number | undefined): number {
  const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, scores.length));
  if (scores.length < CANDIDATE_PAPERS || sd === 0) return CLAIM_MARGIN_REFERENCE;
  return ((own ?? Math.min(...scores)) - mean) / sd;
}

/**
 * The best share of the anchor query's idf mass that one of `texts` (analyzed terms) holds. A name (a
 * capitalised word past the first) that no paper in the library uses ("France" in a library of
 * ML papers) weighs double: it is the clearest sign the library cannot answer, while a stemmed
 * near-miss ("capital" matching "capitalize") would otherwise carry a two-word question over the
 * floor. Ordinary words the library lacks ("handle") are only paraphrase and keep their weight.
 * On SciFact train this abstains on 6 more of the 304 claims without evidence for 2 more of the
 * 505 with (raising the floor from 0.4 to 0.5 instead trades 59 for 71).
 */
function anchorCoverage(sources: AskSources, anchor: string, texts: Set<string>[]): number {
  const terms = [...new Set(analyze(anchor))];
  const names = new Set(analyze(anchor.split(/\s+/).slice(1).filter((w) => /^\p{Lu}/u.test(w)).join(' ')));
  const weight = (t: string) => sources.lexical.idf(t) * (names.has(t) && sources.lexical.docFrequency(t) === 0 ? 2 : 1);
  const mass = terms.reduce((a, t) => a + weight(t), 0);
  if (mass <= 0) return 0;
  return Math.max(0, ...texts.map((text) => terms.reduce((a, t) => a + (text.has(t) ? weight(t) : 0), 0) / mass));
}

/**
 * Post-hoc length calibration: fits coverage ≈ a + slope·log(length) over the pool by least
 * squares and removes the slope's part (only a positive slope: longer winning by length alone).
 */
export function calibrateForLength(scores: number[], lengths: number[]): number[] {
  const n = scores.length;
  if (n < 3) return scores;
  const x = lengths.map((l) => Math.log(1 + l));
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = scores.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (scores[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  if (slope <= 0) return scores;
  return scores.map((s, i) => s - slope * (x[i]! - mx));
}

/** Jaccard overlap of two term sets: the redundancy MMR penalises. */
export function termOverlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Maximal marginal relevance over candidates sorted best first: repeatedly takes the one
 * maximising λ·relevance − (1−λ)·(max overlap with those taken), relevance scaled to the best,
 * at most `perPaper` from one paper, stopping below `floor` × the best score, and only from papers
 * whose best sentence reaches `paperFloor` × the best score (when given).
 */
export function selectMmr<T extends { score: number; paperId: string; terms: Set<string> }>(
  sorted: T[],
  options: { max: number; perPaper: number; lambda: number; floor: number; paperFloor?: number },
): T[] {
  const best = sorted[0]?.score ?? 0;
  if (best <= 0) return [];
  const paperBest = new Map<string, number>();
  for (const s of sorted) if (!paperBest.has(s.paperId)) paperBest.set(s.paperId, s.score);
  const pool = sorted.filter((s) => s.score >= best * options.floor && paperBest.get(s.paperId)! >= best * (options.paperFloor ?? 0));
  const taken: T[] = [];
  const perPaper = new Map<string, number>();
  while (taken.length < options.max) {
    let pick = -1;
    let pickValue = -Infinity;
    pool.forEach((c, i) => {
      if ((perPaper.get(c.paperId) ?? 0) >= options.perPaper) return;
      const redundancy = Math.max(0, ...taken.map((t) => termOverlap(c.terms, t.terms)));
      const value = options.lambda * (c.score / best) - (1 - options.lambda) * redundancy;
      if (value > pickValue) {
        pick = i;
        pickValue = value;
      }
    });
    if (pick < 0) break;
    const [c] = pool.splice(pick, 1);
    taken.push(c!);
    perPaper.set(c!.paperId, (perPaper.get(c!.paperId) ?? 0) + 1);
  }
  return taken;
}

function plain(s: Scored): EvidenceSentence {
  const { terms: _terms, coverage: _coverage, focus: _focus, citable: _citable, ...rest } = s;
  return rest;
}
