/**
 * `paperboy eval-evidence`: SciFact claims asked as questions against their corpus, loaded into a
 * temporary library through the real pipeline (eval/run-eval.ts's buildEvalLibrary), scored by
 * eval/evidence-metrics.ts. In the same run, a baseline: the top lexical hit's sentence sharing
 * the most words with the claim, never abstaining.
 *
 * Cited sentences are ask's split (ask/sentences.ts), which can differ from SciFact's `sentences`
 * lists, so each is mapped to gold indices by text: every gold sentence whose tokens it contains
 * (MAPPED_CONTAINMENT of them or more: our sentence spans several of theirs), else the one with
 * the highest token Jaccard.
 */
import { ask, RELEVANCE_FLOOR } from '../ask/ask.js';
import type { Citation } from '../ask/ask-types.js';
import { paperSentences } from '../ask/sentences.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { plainQuery } from '../search/query-parser.js';
import { search } from '../search/search.js';
import { analyze, tokenize } from '../text/analyze.js';
import { evidenceMetrics, type EvidenceJudgement, type EvidenceMetrics } from './evidence-metrics.js';
import { buildEvalLibrary, type BuildOptions, type EvalLibrary } from './run-eval.js';
import { readSciFactClaims, type SciFactClaim } from './scifact-claims.js';

export const MAPPED_CONTAINMENT = 0.8;

export interface EvidenceEvalOptions extends Omit<BuildOptions, 'onDoc'> {
  /** Only the first n claims. */
  limit?: number;
  /** Only claims with an even or an odd id: a fixed tuning / held-out split of one claims file. */
  half?: 'even' | 'odd';
  /** Relevance floors to sweep besides the default (the abstention trade-off). */
  floors?: number[];
  onClaim?: (claims: number) => void;
}

export interface EvidenceEvalResult {
  claims: number;
  extractive: EvidenceMetrics & { floor: number; meanRounds: number; msPerClaim: number };
  baseline: EvidenceMetrics;
  /** The extractive engine at other floors. */
  sweep: (EvidenceMetrics & { floor: number })[];
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
    const sources = { store: library.store, lexical };
    const toGold = (citations: Citation[]) => mapCitations(citations, library, goldSentences);

    const run = async (floor: number, progress: boolean) => {
      const judgements: EvidenceJudgement[] = [];
      let rounds = 0;
      const t = performance.now();
      for (const c of claims) {
        const answer = await ask(sources, c.claim, { today: options.today, relevanceFloor: floor });
        rounds += answer.rounds;
        judgements.push(judge(c, toGold(answer.statements.flatMap((s) => s.citations)), answer.abstained));
        if (progress) options.onClaim?.(judgements.length);
      }
      return { metrics: evidenceMetrics(judgements), meanRounds: rounds / Math.max(1, claims.length), msPerClaim: (performance.now() - t) / Math.max(1, claims.length) };
    };

    const main = await run(RELEVANCE_FLOOR, true);
    const baseline: EvidenceJudgement[] = [];
    for (const c of claims) {
      const cited = await topHitSentence(library, sources, c.claim);
      baseline.push(judge(c, toGold(cited ? [cited] : []), !cited));
    }
    const sweep: EvidenceEvalResult['sweep'] = [];
    for (const floor of options.floors ?? []) sweep.push({ floor, ...(await run(floor, false)).metrics });
    return {
      claims: claims.length,
      extractive: { floor: RELEVANCE_FLOOR, ...main.metrics, meanRounds: main.meanRounds, msPerClaim: main.msPerClaim },
      baseline: evidenceMetrics(baseline),
      sweep,
      library: { docs: library.docs, papers: library.papers },
    };
  } finally {
    await library.close();
  }
}

function judge(c: SciFactClaim, cited: { docs: Set<string>; sentences: Set<string> }, abstained: boolean): EvidenceJudgement {
  const goldSentences = new Set<string>();
  for (const [doc, e] of c.evidence) for (const i of e.sentences) goldSentences.add(`${doc}#${i}`);
  return { goldDocs: new Set(c.evidence.keys()), goldSentences, citedDocs: cited.docs, citedSentences: cited.sentences, abstained };
}

/** The baseline's one citation: the top lexical hit's sentence sharing the most analyzed words with the claim. */
async function topHitSentence(library: EvalLibrary, sources: Parameters<typeof ask>[0], claim: string): Promise<Citation | undefined> {
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
