/**
 * Snippets: the window of an abstract that holds the most query terms, with the spans to
 * highlight. Renderers (terminal, HTML) decide how to mark the spans.
 */
import { stem, tokenize } from '../text/analyze.js';

export interface Snippet {
  text: string;
  /** [start, end) offsets into `text` of words matching the query. */
  highlights: [number, number][];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Stems of the words that match `terms` (analysed query terms), so highlights follow stemming. */
export function makeSnippet(plain: string, terms: Set<string>, prefixes: string[] = [], maxChars = 220): Snippet {
  const words: { start: number; end: number; hit: boolean }[] = [];
  // A word can stem to a query term only if it starts like one: test that before stemming.
  const starts = new Set([...terms].map((t) => t.slice(0, 2)));
  for (const m of plain.matchAll(WORD)) {
    const folded = tokenize(m[0])[0] ?? '';
    const hit = (starts.has(folded.slice(0, 2)) && terms.has(stem(folded))) || prefixes.some((p) => folded.startsWith(p));
    words.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  if (plain.length <= maxChars) return { text: plain, highlights: words.filter((w) => w.hit).map((w) => [w.start, w.end]) };
  // Slide a window over the words; keep the one with the most distinct hits (earliest on ties).
  let bestStart = 0;
  let bestScore = -1;
  let j = 0;
  let score = 0;
  for (let i = 0; i < words.length; i++) {
    while (j < words.length && words[j]!.end - words[i]!.start <= maxChars) {
      if (words[j]!.hit) score++;
      j++;
    }
    if (score > bestScore) {
      bestScore = score;
      bestStart = i;
    }
    if (words[i]!.hit) score--;
  }
  const from = words[bestStart]?.start ?? 0;
  let to = from + maxChars;
  const last = words.filter((w) => w.end <= to).pop();
  to = last ? last.end : Math.min(plain.length, to);
  const prefix = from > 0 ? '… ' : '';
  const suffix = to < plain.length ? ' …' : '';
  const shift = prefix.length - from;
  return {
    text: `${prefix}${plain.slice(from, to)}${suffix}`,
    highlights: words.filter((w) => w.hit && w.start >= from && w.end <= to).map((w) => [w.start + shift, w.end + shift]),
  };
}
