/**
 * Evidence metrics for `paperboy eval-evidence`, in the manner of SciFact's abstract- and
 * sentence-level evaluation and ALCE's citation precision/recall, without the label
 * requirement (ask states a stance only for claims, and by cue words): a cited paper is right
 * when it is a gold evidence abstract, a cited sentence when it is a gold rationale sentence.
 * Micro-averaged: sums over claims, then ratios.
 */

/** One claim's gold and predicted evidence. `sentences` are "docId#index" keys. */
export interface EvidenceJudgement {
  goldDocs: ReadonlySet<string>;
  goldSentences: ReadonlySet<string>;
  citedDocs: ReadonlySet<string>;
  citedSentences: ReadonlySet<string>;
  abstained: boolean;
  /** SciFact's label of the gold evidence (when every gold abstract has the same one), and the stance ask gave its cited gold abstracts. */
  goldStance?: 'SUPPORT' | 'CONTRADICT' | undefined;
  stance?: 'SUPPORT' | 'CONTRADICT' | undefined;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface EvidenceMetrics {
  /** Cited papers vs gold evidence abstracts, over claims with evidence. */
  abstract: PrecisionRecall;
  /** Cited sentences vs gold rationale sentences, over claims with evidence. */
  sentence: PrecisionRecall;
  /** Share of claims without gold evidence that were abstained on (higher is better). */
  abstainNoEvidence: number;
  /** Share of claims with gold evidence that were abstained on (lower is better). */
  abstainWithEvidence: number;
  claimsWithEvidence: number;
  claimsWithoutEvidence: number;
  /**
   * Of the claims with a single gold label whose answer cites a gold abstract, the share where
   * ask's stance (its statements' majority, claim-stance.ts) agrees with SciFact's SUPPORT/CONTRADICT.
   */
  stance: { accuracy: number; judged: number };
}

function pr(hits: number, predicted: number, gold: number): PrecisionRecall {
  const precision = predicted > 0 ? hits / predicted : 0;
  const recall = gold > 0 ? hits / gold : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

const overlap = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((x) => b.has(x)).length;

export function evidenceMetrics(judgements: readonly EvidenceJudgement[]): EvidenceMetrics {
  const withEvidence = judgements.filter((j) => j.goldDocs.size > 0);
  const without = judgements.filter((j) => j.goldDocs.size === 0);
  const sum = (f: (j: EvidenceJudgement) => number) => withEvidence.reduce((a, j) => a + f(j), 0);
  const share = (list: readonly EvidenceJudgement[]) => (list.length ? list.filter((j) => j.abstained).length / list.length : 0);
  return {
    abstract: pr(sum((j) => overlap(j.citedDocs, j.goldDocs)), sum((j) => j.citedDocs.size), sum((j) => j.goldDocs.size)),
    sentence: pr(sum((j) => overlap(j.citedSentences, j.goldSentences)), sum((j) => j.citedSentences.size), sum((j) => j.goldSentences.size)),
    abstainNoEvidence: share(without),
    abstainWithEvidence: share(withEvidence),
    claimsWithEvidence: withEvidence.length,
    claimsWithoutEvidence: without.length,
    stance: (() => {
      const judged = withEvidence.filter((j) => j.goldStance && j.stance);
      return { accuracy: judged.length ? judged.filter((j) => j.stance === j.goldStance).length / judged.length : 0, judged: judged.length };
    })(),
  };
}
