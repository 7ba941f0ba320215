/**
 * Sentences of an abstract, the unit `ask` quotes and cites. The split is a pure function of the
 * stored abstract (toPlainText, then this), so a paper always splits the same way and a
 * citation's sentenceIndex stays meaningful between retrieval, answering and verification.
 *
 * A boundary is [.!?], optional closing quotes or brackets, whitespace, then a sentence start
 * (a capital, a digit or an opening bracket or quote), and none of: inside brackets (when they
 * balance), after an abbreviation (e.g., i.e., et al., Fig., vs., approx., ...), after an initial
 * ("J. Smith"). Decimals ("p < 0.05", "1.5") never qualify: no space follows their point.
 */
import type { Paper } from '../core/paper.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';

/** Words that end with a point without ending a sentence (lower-cased, without the point). */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'al', 'fig', 'figs', 'eq', 'eqs', 'ref', 'refs', 'sec', 'sect', 'vs', 'approx', 'cf', 'no', 'nos',
  'vol', 'pp', 'ca', 'resp', 'dr', 'prof', 'mr', 'mrs', 'ms', 'st', 'jr', 'inc', 'ltd', 'co', 'viz', 'incl', 'est',
  'tab', 'approx', 'min', 'max', 'avg', 'ch', 'u.s', 'e.u', 'u.k', 'ph.d', 'a.k.a', 'w.r.t', 'n.b',
]);

const OPEN = '([{';
const CLOSE = ')]}';
const QUOTES = '"\'\u201c\u201d\u2018\u2019';
const START = /[\p{Lu}\p{N}([{"'\u201c\u2018]/u;

/** Collapses runs of whitespace to one space and trims: the form quotes are compared in. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The sentences of plain text, whitespace-normalised, empty pieces left out. */
export function splitSentences(text: string): string[] {
  const t = normaliseWhitespace(text);
  if (!t) return [];
  return split(t, bracketsBalance(t));
}

/** A paper's abstract as sentences: what sentenceIndex counts in (of a clipped abstract, see clip.ts). */
export function paperSentences(paper: Pick<Paper, 'abstract'>): string[] {
  return splitSentences(toPlainText(clipText(paper.abstract)));
}

function split(t: string, respectBrackets: boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // Closing quotes and brackets after the mark belong to this sentence.
    let end = i + 1;
    while (end < t.length && (QUOTES.includes(t[end]!) || CLOSE.includes(t[end]!))) end++;
    if (t[end] !== ' ' || !START.test(t[end + 1] ?? '')) continue;
    if (respectBrackets && depth > 0 && !CLOSE.includes(t[end - 1]!)) continue;
    if (c === '.' && !endsSentence(t, from, i)) continue;
    out.push(t.slice(from, end));
    from = end + 1;
    depth = 0;
  }
  if (from < t.length) out.push(t.slice(from));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Whether the point at `dot` ends a sentence, judged by the word before it. */
function endsSentence(t: string, from: number, dot: number): boolean {
  let w = dot;
  while (w > from && t[w - 1] !== ' ' && !OPEN.includes(t[w - 1]!)) w--;
  const word = t.slice(w, dot);
  if (word.length === 0) return true;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial ("J. Smith", "Smith J. A.") or a dotted abbreviation ("U.S.", "e.g.").
  if (/^\p{Lu}$/u.test(word)) return false;
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return false;
  return true;
}

/** Unbalanced brackets (a stray ")" in a list) would hide every later boundary: ignore them then. */
function bracketsBalance(t: string): boolean {
  let depth = 0;
  for (const c of t) {
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c) && --depth < 0) return false;
  }
  return depth === 0;
}
