/**
 * Whether an evidence sentence supports or contradicts a claim, by cues (a documented heuristic,
 * not inference): the sentence contradicts when it reports a null or negative finding the claim
 * does not ("no significant", "did not", "failed to", "not associated"), or when its direction
 * words (increased/decreased, higher/lower, improves/impairs) oppose the claim's, a negation on
 * either side flipping its direction. Otherwise it supports.
 */
import { tokenize } from '../text/analyze.js';

const NULL_FINDING = /\b(no (?:significant|statistically significant|clear|consistent|evidence|effect|association|difference|change|benefit|increase|decrease|improvement|correlation|relationship)|not (?:significantly|associated|related|correlated|affect|alter|change|improve|reduce|increase|differ)|did not|does not|do not|was not|were not|is not|are not|failed to|fails to|neither|nor|unrelated|unaffected|no longer|cannot|could not|lack of|absence of)\b/i;
const NEGATION = /\b(not|no|never|without|neither|nor|fails?|failed|cannot|lack|absence)\b/i;

const UP = new Set(['increase', 'increases', 'increased', 'increasing', 'higher', 'more', 'greater', 'improve', 'improves', 'improved', 'improving', 'enhance', 'enhances', 'enhanced', 'promote', 'promotes', 'promoted', 'elevated', 'raise', 'raises', 'raised', 'upregulated', 'upregulates', 'upregulation', 'activates', 'activated', 'induces', 'induced', 'accelerates', 'gain', 'gains', 'rise', 'rises', 'boosts', 'outperforms', 'better', 'larger', 'stronger', 'faster']);
const DOWN = new Set(['decrease', 'decreases', 'decreased', 'decreasing', 'lower', 'less', 'fewer', 'reduce', 'reduces', 'reduced', 'reducing', 'reduction', 'impair', 'impairs', 'impaired', 'inhibit', 'inhibits', 'inhibited', 'suppress', 'suppresses', 'suppressed', 'downregulated', 'downregulates', 'downregulation', 'attenuates', 'attenuated', 'decline', 'declines', 'declined', 'loss', 'worse', 'smaller', 'weaker', 'slower', 'prevents', 'prevented', 'blocks', 'blocked', 'diminished']);

/** +1 (up), -1 (down) or 0 (no direction word, or both), flipped by a negation. */
export function direction(text: string): number {
  let up = 0;
  let down = 0;
  for (const w of tokenize(text)) {
    if (UP.has(w)) up++;
    else if (DOWN.has(w)) down++;
  }
  const d = Math.sign(up - down);
  return NEGATION.test(text) ? -d : d;
}

export function stanceOf(claim: string, sentence: string): 'supports' | 'contradicts' {
  if (NULL_FINDING.test(sentence) && !NULL_FINDING.test(claim)) return 'contradicts';
  const c = direction(claim);
  const s = direction(sentence);
  return c !== 0 && s !== 0 && c !== s ? 'contradicts' : 'supports';
}
