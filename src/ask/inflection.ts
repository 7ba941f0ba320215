/**
 * Inflection keys: a word's form with its inflection removed (plural, past, progressive) but not
 * its derivation, so "dropped", "drops" and "dropping" meet "drop" while "objective" stays apart
 * from "object" and "generation" from "general". The index's Porter stemmer conflates both kinds
 * (fine for recall); deciding whether a sentence names what a question asks about needs the
 * narrower match. The key is Porter's step 1 (1a plurals, 1b -ed/-ing with its repairs, 1c y→i),
 * the inflectional part of the algorithm, then a final "e" dropped so "handle" meets "handled".
 * Written here because the stemmer package exposes only the whole algorithm.
 */

const isConsonant = (w: string, i: number): boolean => {
  const c = w[i]!;
  if ('aeiou'.includes(c)) return false;
  if (c === 'y') return i === 0 || !isConsonant(w, i - 1);
  return true;
};

/** Porter's measure m of a stem: the number of vowel-consonant sequences. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isConsonant(w, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(w, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (w: string): boolean => [...w].some((_, i) => !isConsonant(w, i));
const doubleConsonant = (w: string): boolean => w.length >= 2 && w.at(-1) === w.at(-2) && isConsonant(w, w.length - 1);
/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "how"). */
const cvc = (w: string): boolean => {
  const n = w.length;
  return n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !'wxy'.includes(w[n - 1]!);
};

/** The inflection key of one folded token (tokens of text/analyze.ts's tokenize). */
export function inflectionKey(token: string): string {
  let w = token;
  if (w.length <= 2 || /\d/.test(w)) return w;
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing, with the repairs that restore the stem's form.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith('ed') ? 2 : w.endsWith('ing') ? 3 : 0;
    if (suffix && hasVowel(w.slice(0, -suffix))) {
      w = w.slice(0, -suffix);
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (doubleConsonant(w) && !'lsz'.includes(w.at(-1)!)) w = w.slice(0, -1);
      else if (measure(w) === 1 && cvc(w)) w += 'e';
    }
  }
  // Step 1c: a final y after a vowel-bearing stem is i ("study", "studies" → "studi").
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  return w.length >= 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}
