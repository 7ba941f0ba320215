/**
 * `paperboy eval-evidence`: SciFact claims asked as questions against their corpus, loaded into a
 * temporary library through the real pipeline (eval/run-eval.ts's buildEvalLibrary), scored by
 * eval/evidence-metrics.ts. In the same run, a baseline: the top lexical hit's sentence sharing
 * the most words with the claim, never abstaining (always lexical: that is its definition).
 *
 * Ask retrieves lexically; with mode 'hybrid' the same library is then embedded as `paperboy embed`
 * leaves it (the built-in model trained on the corpus: eval/run-eval.ts's embedEvalLibrary) and the
 * same claims are asked again on hybrid retrieval, as the product's ask does once a library is
 * embedded. The lexical run comes first, so the embedding cannot touch it.
 *
 * Cited sentences are ask's split (ask/sentences.ts), which can differ from SciFact's `sentences`
 * lists, so each is mapped to gold indices by text: every gold sentence whose tokens it contains
 * (MAPPED_CONTAINMENT of them or more: our sentence spans several of theirs), else the one with
 * the highest token Jaccard.
 */
import { ask, RELEVANCE_FLOOR } from '../ask/ask.js';
import type { AskSources, Citation, Statement } from '../ask/ask-types.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { paperSentences } from '../ask/sentences.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { plainQuery } from '../search/query-parser.js';
import { search } from '../search/search.js';
import { analyze, tokenize } from '../text/analyze.js';
import { evidenceMetrics, type EvidenceJudgement, type EvidenceMetrics } from './evidence-metrics.js';
import { buildEvalLibrary, embedEvalLibrary, type BuildOptions, type EvalLibrary } from './run-eval.js';
import { readSciFactClaims, type SciFactClaim } from './scifact-claims.js';

const MAPPED_CONTAINMENT = 0.8;

/**
 * How ask retrieves: 'lexical' alone, or 'hybrid', which also embeds the library and asks every
 * claim again on hybrid retrieval (the names of `paperboy eval --mode`; ask has no semantic-only mode).
 */
export const EVIDENCE_MODES = ['lexical', 'hybrid'] as const;
export type EvidenceMode = (typeof EVIDENCE_MODES)[number];

export interface EvidenceEvalOptions extends Omit<BuildOptions, 'onDoc'> {
  /** Default 'lexical'. */
  mode?: EvidenceMode;
  /** Only the first n claims. */
  limit?: number;
  /** Only claims with an even or an odd id: a fixed tuning / held-out split of one claims file. */
  half?: 'even' | 'odd';
  /** Relevance floors to sweep besides the default (the abstention trade-off). */
  floors?: number[];
  /** Claims asked so far, counted across the lexical and the hybrid run. */
  onClaim?: (claims: number) => void;
}

/** The extractive engine's figures at the default floor on one retrieval. */
export type AskRun = EvidenceMetrics & { retrieval: EvidenceMode; floor: number; meanRounds: number; msPerClaim: number };
export type SweepPoint = EvidenceMetrics & { floor: number };

export interface EvidenceEvalResult {
  claims: number;
  /** Ask on lexical retrieval. */
  extractive: AskRun;
  /** The top lexical hit's best-overlapping sentence: lexical in every mode. */
  baseline: EvidenceMetrics & { retrieval: 'lexical' };
  /** The extractive engine on lexical retrieval at other floors. */
  sweep: SweepPoint[];
  /** Mode 'hybrid': ask on hybrid retrieval over the embedded library, same claims, at the same floors. */
  hybrid?: AskRun & {
    sweep: SweepPoint[];
    /** The model, the vectors the library holds from it, seconds to train it and embed the library, and texts ask embedded per claim. */
    embedding: { model: string; vectors: number; seconds: number; textsPerClaim: number };
  };
  library: { docs: number; papers: number };
}

export async function runEvidenceEval(files: { corpus: string; claims: string }, options: EvidenceEvalOptions): Promise<EvidenceEvalResult> {
  const parity = options.half === undefined ? undefined : options.half === 'even' ? 0 : 1;
  const claims = (await readSciFactClaims(files.claims)).filter((c) => parity === undefined || Number(c.id) % 2 === parity).slice(0, options.limit ?? Infinity);
  // Gold sentences are taken as the library is built, from the same single read of the corpus.
  const goldSentences = new Map<string, string[]>();
  const library = await buildEvalLibrary(files.corpus, { ...options, onDoc: (doc) => goldSentences.set(doc.id, doc.sentences ?? []) });
  try {
    const lexical = await refreshLexicalIndex(library.store);
    const toGold = (citations: Citation[]) => mapCitations(citations, library, goldSentences);
    let asked = 0;

    /** Every claim asked at `floor`; `progress` for the default floor's runs, the ones the bar counts. */
    const run = async (sources: AskSources, floor: number, progress: boolean) => {
      const judgements: EvidenceJudgement[] = [];
      let rounds = 0;
      const t = performance.now();
      for (const c of claims) {
        const answer = await ask(sources, c.claim, { today: options.today, relevanceFloor: floor });
        rounds += answer.rounds;
        judgements.push({ ...judge(c, toGold(answer.statements.flatMap((s) => s.citations)), answer.abstained), ...stances(c, answer.statements, toGold) });
        if (progress) options.onClaim?.(++asked);
      }
      return { metrics: evidenceMetrics(judgements), meanRounds: rounds / Math.max(1, claims.length), msPerClaim: (performance.now() - t) / Math.max(1, claims.length) };
    };
    const askRun = async (sources: AskSources, retrieval: EvidenceMode) => {
      const main = await run(sources, RELEVANCE_FLOOR, true);
      const sweep: SweepPoint[] = [];
      for (const floor of options.floors ?? []) sweep.push({ floor, ...(await run(sources, floor, false)).metrics });
      return { run: { retrieval, floor: RELEVANCE_FLOOR, ...main.metrics, meanRounds: main.meanRounds, msPerClaim: main.msPerClaim }, sweep };
    };

    const lexicalSources: AskSources = { store: library.store, lexical };
    const lexicalRun = await askRun(lexicalSources, 'lexical');
    const baseline: EvidenceJudgement[] = [];
    for (const c of claims) {
      const cited = await topHitSentence(library, lexicalSources, c.claim);
      baseline.push(judge(c, toGold(cited ? [cited] : []), !cited));
    }
    const result: EvidenceEvalResult = {
      claims: claims.length,
      extractive: lexicalRun.run,
      baseline: { retrieval: 'lexical', ...evidenceMetrics(baseline) },
      sweep: lexicalRun.sweep,
      library: { docs: library.docs, papers: library.papers },
    };
    if (options.mode === 'hybrid') result.hybrid = await hybridRun(library, lexical, askRun);
    return result;
  } finally {
    await library.close();
  }
}

/**
 * The library embedded with the built-in model, then ask on hybrid retrieval. The provider is
 * wrapped to count the texts ask sends it, so the report shows the semantic side was used.
 */
async function hybridRun(
  library: EvalLibrary,
  lexical: AskSources['lexical'],
  askRun: (sources: AskSources, retrieval: EvidenceMode) => Promise<{ run: AskRun; sweep: SweepPoint[] }>,
): Promise<NonNullable<EvidenceEvalResult['hybrid']>> {
  const t = performance.now();
  const semantic = await embedEvalLibrary(library);
  const seconds = (performance.now() - t) / 1000;
  try {
    const inner = semantic.provider;
    let texts = 0;
    const counted: EmbeddingProvider = {
      modelId: inner.modelId,
      dimensions: inner.dimensions,
      embed: (batch, kind) => {
        texts += batch.length;
        return inner.embed(batch, kind);
      },
    };
    const vectors = (await library.store.vectorCounts())[inner.modelId] ?? 0;
    const { run, sweep } = await askRun({ store: library.store, lexical, semantic: { ...semantic, provider: counted } }, 'hybrid');
    // Every claim was asked once per floor.
    const asks = (1 + sweep.length) * (run.claimsWithEvidence + run.claimsWithoutEvidence);
    return { ...run, sweep, embedding: { model: inner.modelId, vectors, seconds, textsPerClaim: texts / Math.max(1, asks) } };
  } finally {
    await semantic.provider.close?.();
  }
}

/** SciFact's label when every gold abstract has one and the same, and the majority stance of the statements citing a gold abstract. */
function stances(c: SciFactClaim, statements: readonly Statement[], toGold: (citations: Citation[]) => { docs: Set<string> }): Pick<EvidenceJudgement, 'goldStance' | 'stance'> {
  const labels = new Set([...c.evidence.values()].flatMap((e) => [...e.labels]));
  const goldStance = labels.size === 1 ? [...labels][0] : undefined;
  let vote = 0;
  for (const s of statements) {
    if (!s.stance || ![...toGold(s.citations).docs].some((d) => c.evidence.has(d))) continue;
    vote += s.stance === 'supports' ? 1 : -1;
  }
  return { goldStance, stance: vote > 0 ? 'SUPPORT' : vote < 0 ? 'CONTRADICT' : undefined };
}

function judge(c: SciFactClaim, cited: { docs: Set<string>; sentences: Set<string> }, abstained: boolean): EvidenceJudgement {
  const goldSentences = new Set<string>();
  for (const [doc, e] of c.evidence) for (const i of e.sentences) goldSentences.add(`${doc}#${i}`);
  return { goldDocs: new Set(c.evidence.keys()), goldSentences, citedDocs: cited.docs, citedSentences: cited.sentences, abstained };
}

/** The baseline's one citation: the top lexical hit's sentence sharing the most analyzed words with the claim. */
async function topHitSentence(library: EvalLibrary, sources: AskSources, claim: string): Promise<Citation | undefined> {
  const [hit] = (await search(library.store, sources.lexical, plainQuery(claim), { limit: 1, mode: 'lexical', snippets: false })).hits;
  if (!hit) return undefined;
  const words = new Set(analyze(claim));
  let best: Citation | undefined;
  let bestShared = -1;
  paperSentences(hit.paper).forEach((quote, sentenceIndex) => {
    const shared = new Set(analyze(quote).filter((w) => words.has(w))).size;
    if (shared > bestShared) {
      best = { paperId: hit.paper.id, sentenceIndex, quote };
      bestShared = shared;
    }
  });
  return best;
}

/** Cited papers as corpus ids and cited sentences as gold "docId#index" keys (see the header on mapping). */
export function mapCitations(
  citations: Citation[],
  library: Pick<EvalLibrary, 'corpusIds'>,
  goldSentences: ReadonlyMap<string, readonly string[]>,
): { docs: Set<string>; sentences: Set<string> } {
  const docs = new Set<string>();
  const sentences = new Set<string>();
  for (const c of citations) {
    for (const doc of library.corpusIds(c.paperId)) {
      docs.add(doc);
      for (const i of goldIndices(c.quote, goldSentences.get(doc) ?? [])) sentences.add(`${doc}#${i}`);
    }
  }
  return { docs, sentences };
}

export function goldIndices(quote: string, gold: readonly string[]): number[] {
  const q = new Set(tokenize(quote));
  const contained: number[] = [];
  let best = -1;
  let bestJaccard = 0;
  gold.forEach((g, i) => {
    const tokens = new Set(tokenize(g));
    if (tokens.size === 0) return;
    const shared = [...tokens].filter((t) => q.has(t)).length;
    if (shared / tokens.size >= MAPPED_CONTAINMENT) contained.push(i);
    const jaccard = shared / (tokens.size + q.size - shared);
    if (jaccard > bestJaccard) {
      best = i;
      bestJaccard = jaccard;
    }
  });
  return contained.length ? contained : best >= 0 ? [best] : [];
}
