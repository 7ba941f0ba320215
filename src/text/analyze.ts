/**
 * The one text analyzer: indexing and querying must agree on it, or words stop matching.
 * tokenize: case- and accent-folded runs of letters and digits. analyze: tokenize, drop
 * stopwords, Porter-stem.
 */
import { stemmer } from 'stemmer';

/**
 * Lucene's English stop set (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), the list behind the
 * Anserini BM25 baselines that SciFact/BEIR numbers are quoted against. Kept that small on
 * purpose: longer lists (SMART's 571) drop words that carry meaning in paper titles
 * ("first", "new", "well", "general").
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it',
  'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these',
  'they', 'this', 'to', 'was', 'will', 'with',
]);

// A possessive "'s" is matched with its word so it can be dropped rather than become token "s".
const TOKEN = /[\p{L}\p{N}]+(?:['\u2019]s(?![\p{L}\p{N}]))?/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}+/gu;

const isAsciiWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/**
 * Calls `visit(folded, start, end)` for each token, `folded.slice(start, end)` being the token:
 * runs of letters and digits in the lower-cased, accent-folded (NFKD minus combining marks:
 * "Gödel" -> "godel") text, a trailing possessive "'s" dropped. Indexing uses the positions to
 * look tokens up without allocating a string per occurrence.
 */
export function forEachToken(text: string, visit: (folded: string, start: number, end: number) => void): void {
  const lower = text.toLowerCase();
  if (NON_ASCII.test(lower)) {
    const folded = lower.normalize('NFKD').replace(COMBINING_MARKS, '');
    for (const m of folded.matchAll(TOKEN)) {
      const token = m[0];
      const c = token.charCodeAt(token.length - 2);
      visit(folded, m.index, m.index + token.length - (c === 0x27 || c === 0x2019 ? 2 : 0));
    }
    return;
  }
  // Pure ASCII (most abstracts): the same tokens as TOKEN, by a char loop that is faster.
  const n = lower.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (isAsciiWordChar(c)) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    visit(lower, start, i);
    start = -1;
    // Reads stay in bounds: V8 slows down a loop that ever reads past the end.
    if (c === 0x27 && i + 2 <= n && lower.charCodeAt(i + 1) === 0x73 && (i + 2 === n || !isAsciiWordChar(lower.charCodeAt(i + 2)))) {
      i += 2;
    }
  }
  if (start >= 0) visit(lower, start, n);
}

/** The tokens of a text (see `forEachToken`). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (folded, start, end) => tokens.push(folded.slice(start, end)));
  return tokens;
}

// Memoised: a corpus has far fewer distinct words than word occurrences. Cleared when it grows
// past the bound so a stream of junk tokens cannot grow it forever.
const STEM_CACHE_LIMIT = 500_000;
const stemCache = new Map<string, string>();

/** Porter stem of one token from `tokenize`. */
export function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    s = stemmer(token);
    stemCache.set(token, s);
  }
  return s;
}

/** Index term of one token from `tokenize`: its stem, or undefined for a stopword. */
export function termOf(token: string): string | undefined {
  return STOPWORDS.has(token) ? undefined : stem(token);
}

/** Index terms of a text, in order, repeats kept: tokenize, drop stopwords, stem. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = termOf(token);
    if (term) terms.push(term);
  }
  return terms;
}
