/**
 * Topic labels by class-based TF-IDF (c-TF-IDF, as in BERTopic): all papers of a topic are one
 * document, and a term's weight in topic c is tf(t, c) / |c| · log(1 + A / f(t)), with |c| the
 * topic's term count, A the average term count per topic and f(t) the term's count over all
 * topics. Terms common everywhere score low; terms concentrated in one topic score high.
 */
import { stem } from '../text/analyze.js';

export interface LabelOptions {
  /** Terms per label. */
  terms?: number;
  /** How far down a topic's ranking to look for terms no other topic ranks higher. */
  candidates?: number;
}

/**
 * Function words the search keeps (a query may need them) but a label should not show: on the
 * arXiv listings a robustness topic was labelled "failure · under · than" without this list.
 */
const LABEL_STOPWORDS: ReadonlySet<string> = new Set(
  ('about above across after against along also among around because before behind below beneath beside besides between beyond both ' +
    'could does doing during each either every from further hence however into itself less many more most much must neither ' +
    'nor only other others over same should since some than thereby therefore these those though through throughout thus ' +
    'toward towards under unlike until upon very what when where whether which while whose within without would yet using via')
    .split(' ')
    .map(stem),
);

/** Terms worth showing: at least three characters, not only digits, not a function word. */
const showable = (t: string) => t.length >= 3 && !/^\d+$/.test(t) && !LABEL_STOPWORDS.has(t);

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
