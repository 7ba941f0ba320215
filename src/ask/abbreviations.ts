/**
 * Abbreviations a paper defines ("Lost in the Middle (LiM)", "Segment Anything Model (SAM)"), so
 * that a sentence saying "the LiM effect is strongest at …" is read as saying "lost in the
 * middle", and one saying "mixture of experts" as saying "MoE": abstracts name their subject once
 * and abbreviate it after, and a question may use either form.
 *
 * Definitions are found as Schwartz & Hearst (2003, "A simple algorithm for identifying
 * abbreviation definitions in biomedical text") find them: a short form in parentheses right after
 * its long form, whose characters appear in the long form in order, from its end, the first one at
 * the start of a word, the long form at most min(|S| + 5, 2|S|) words. A short form here has at
 * least two capitals ("LiM", "DLMs"), which keeps "(e.g.", "(ours)" and "(a)" out.
 */
import { termOf } from '../text/analyze.js';
import { textWords, type TextWords, type Word } from './focus.js';
import { inflectionKey } from './inflection.js';

/** A defined abbreviation: its inflection key ("dlm" for "DLMs"), index term, and its long form's words. */
export interface Abbreviation {
  key: string;
  term: string | undefined;
  long: Word[];
}

const SHORT_FORM = /\(\s*([\p{L}\d][\p{L}\d-]{1,9})\s*\)/gu;
const ALNUM = /[\p{L}\d]/u;

/** The long form `short` abbreviates at the end of `before`, or undefined (Schwartz & Hearst's best long form). */
export function longFormOf(short: string, before: string): string | undefined {
  const words = before.trimEnd().split(/\s+/);
  const max = Math.min(short.length + 5, short.length * 2);
  const candidate = words.slice(-max).join(' ');
  let s = short.length - 1;
  let l = candidate.length - 1;
  while (s >= 0) {
    const c = short[s]!.toLowerCase();
    if (!ALNUM.test(c)) {
      s--;
      continue;
    }
    // The short form's first character must start a word of the long form.
    while (l >= 0 && (candidate[l]!.toLowerCase() !== c || (s === 0 && l > 0 && ALNUM.test(candidate[l - 1]!)))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const start = candidate.lastIndexOf(' ', l + 1) + 1;
  const long = candidate.slice(start).replace(/[\s,;:]+$/, '');
  // A long form no longer than its abbreviation explains nothing ("(SAM)" after "SAM").
  return long.length > short.length ? long : undefined;
}

/** The abbreviations `text` defines, by key. */
export function definedAbbreviations(text: string): Abbreviation[] {
  const found = new Map<string, Abbreviation>();
  for (const m of text.matchAll(SHORT_FORM)) {
    const short = m[1]!;
    if ((short.match(/\p{Lu}/gu)?.length ?? 0) < 2) continue;
    // "DLMs", "ViTs": the plural's s is not a letter of the long form.
    const singular = /\p{Lu}s$/u.test(short) ? short.slice(0, -1) : short;
    const long = longFormOf(singular, text.slice(0, m.index));
    const key = inflectionKey(singular.toLowerCase());
    if (long && !found.has(key)) found.set(key, { key, term: termOf(singular.toLowerCase()), long: textWords(long).words });
  }
  return [...found.values()];
}

/**
 * `text` with each defined abbreviation also read as its long form (the long form's words at the
 * abbreviation's position) and each long form also read as its abbreviation (at the long form's
 * first word). Positions are unchanged, so phrase partners stay near.
 */
export function withAbbreviations(text: TextWords, abbreviations: readonly Abbreviation[]): TextWords {
  if (abbreviations.length === 0) return text;
  const extra: Word[] = [];
  // One word per position (a joined compound shares its first part's position).
  const primary = text.words.filter((w, i) => i === 0 || text.words[i - 1]!.at !== w.at);
  for (const a of abbreviations) {
    primary.forEach((w, i) => {
      if (w.key === a.key) extra.push(...a.long.map((l) => ({ ...l, at: w.at })));
      else if (a.long.length > 0 && a.long.every((l, k) => primary[i + k]?.key === l.key)) extra.push({ key: a.key, term: a.term, at: w.at });
    });
  }
  return extra.length ? { words: [...text.words, ...extra] } : text;
}
