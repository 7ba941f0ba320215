/**
 * Topic labels by class-based TF-IDF (c-TF-IDF, as in BERTopic): all papers of a topic are one
 * document, and a term's weight in topic c is tf(t, c) / |c| · log(1 + A / f(t)), with |c| the
 * topic's term count, A the average term count per topic and f(t) the term's count over all
 * topics. Terms common everywhere score low; terms concentrated in one topic score high.
 */

export interface LabelOptions {
  /** Terms per label. */
  terms?: number;
  /** How far down a topic's ranking to look for terms no other topic ranks higher. */
  candidates?: number;
}

/** Terms worth showing: at least three characters, not only digits. */
const showable = (t: string) => t.length >= 3 && !/^\d+$/.test(t);

/** Each topic's terms by c-TF-IDF weight, best first (the top `limit`). */
export function cTfIdf(termsByTopic: readonly Map<string, number>[], limit: number): { term: string; weight: number }[][] {
  const total = new Map<string, number>();
  const sizes = termsByTopic.map((counts) => {
    let size = 0;
    for (const [t, n] of counts) {
      size += n;
      total.set(t, (total.get(t) ?? 0) + n);
    }
    return size;
  });
  const average = sizes.reduce((a, b) => a + b, 0) / Math.max(1, termsByTopic.length);
  return termsByTopic.map((counts, c) => {
    const weighted: { term: string; weight: number }[] = [];
    for (const [t, n] of counts) {
      if (showable(t)) weighted.push({ term: t, weight: (n / sizes[c]!) * Math.log(1 + average / total.get(t)!) });
    }
    return weighted.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)).slice(0, limit);
  });
}

/**
 * A few label terms per topic, de-duplicated across topics where possible: a term goes first to
 * the topic that weighs it most; a topic takes others' terms only when its own candidates run out.
 */
export function labelTerms(termsByTopic: readonly Map<string, number>[], options: LabelOptions = {}): string[][] {
  const perLabel = options.terms ?? 3;
  const ranked = cTfIdf(termsByTopic, options.candidates ?? 15);
  const owner = new Map<string, { topic: number; weight: number }>();
  ranked.forEach((terms, c) => {
    for (const { term, weight } of terms) {
      const o = owner.get(term);
      if (!o || weight > o.weight) owner.set(term, { topic: c, weight });
    }
  });
  return ranked.map((terms, c) => {
    const own = terms.filter((t) => owner.get(t.term)!.topic === c);
    const shared = terms.filter((t) => owner.get(t.term)!.topic !== c);
    // Shown in weight order.
    return [...own, ...shared].slice(0, perLabel).sort((a, b) => b.weight - a.weight).map((t) => t.term);
  });
}
