/**
 * Ranked hits and the top-k heap that every ranker shares (BM25, vector scans, HNSW fallbacks):
 * higher score first, ties to the lower docId, so rankings are deterministic.
 */
export interface ScoredDoc {
  docId: number;
  score: number;
}

/** Best first: higher score, then lower docId. */
export const byScoreThenDoc = (a: ScoredDoc, b: ScoredDoc): number => b.score - a.score || a.docId - b.docId;

function worse(scoreA: number, docA: number, scoreB: number, docB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && docA > docB);
}

/**
 * The k best (score, docId) pairs seen: a binary min-heap whose root is the worst kept. Callers
 * with a costly check per hit (a filter) ask `admits` first and run the check only for would-be hits.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Float64Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(Math.max(0, k));
    this.ids = new Float64Array(Math.max(0, k));
  }

  /** Would a hit with this score and docId make the top k? */
  admits(score: number, docId: number): boolean {
    return this.n < this.k || (this.k > 0 && worse(this.scores[0]!, this.ids[0]!, score, docId));
  }

  push(score: number, docId: number): void {
    const { scores, ids } = this;
    if (this.n < this.k) {
      // Sift up.
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, docId, scores[parent]!, ids[parent]!)) break;
        scores[i] = scores[parent]!;
        ids[i] = ids[parent]!;
        i = parent;
      }
      scores[i] = score;
      ids[i] = docId;
      return;
    }
    if (!this.admits(score, docId)) return;
    // Replace the root and sift down.
    const n = this.n;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && worse(scores[child + 1]!, ids[child + 1]!, scores[child]!, ids[child]!)) child++;
      if (!worse(scores[child]!, ids[child]!, score, docId)) break;
      scores[i] = scores[child]!;
      ids[i] = ids[child]!;
      i = child;
    }
    scores[i] = score;
    ids[i] = docId;
  }

  sorted(): ScoredDoc[] {
    const hits: ScoredDoc[] = [];
    for (let i = 0; i < this.n; i++) hits.push({ docId: this.ids[i]!, score: this.scores[i]! });
    return hits.sort(byScoreThenDoc);
  }
}
