/**
 * Whether an evidence sentence supports or contradicts a claim, or does not bear on it: claim
 * polarity × sentence polarity (a documented heuristic, not inference).
 *
 * Each text is read clause by clause (parenthetical asides dropped: they restate or qualify). A
 * negation ("not", "no", "never", "fails to", "unable", "without", "lack") flips the polarity of
 * what follows it in its clause, its scope. Polarity words lie on three axes:
 *   - direction: more or less of something, comparisons included ("increases", "outperforms",
 *     "longer", "benefit" vs "reduces", "worse than", "underperforms", "degrades", "at the cost of");
 *   - parity: "matches", "comparable", "on par", "competes with";
 *   - change: "shifts", "varies", "dynamic" vs "fixed", "stays", "stable".
 * The sentence contradicts when it holds the opposite sign on an axis the claim holds ("no better
 * than" is a negated "better"; "unable to compete" a negated parity), or, when they share no axis,
 * when one asserts an effect and the other a null one ("no effect", "not associated"): "X has no
 * effect on Y" against "Y fell by a third". A claim's universal ("never", "only") is a negation or
 * a restriction like any other, so a sentence reporting the case it excludes contradicts it.
 *
 * It bears on the claim not at all (undefined) when it states no finding (a question, an aim: "we
 * investigate whether…", "it remains unclear…"), or when a word it shares with the claim is used
 * in another sense: a word of changing quantity ("drop", "gain", "loss") measured in one text ("a
 * 1% absolute drop", "a drop in accuracy") and not in the other ("never drop tokens").
 */
import { termOf } from '../text/analyze.js';
import type { Focus } from './focus.js';

export type Stance = 'supports' | 'contradicts';

const UP = words(
  'increase increases increased increasing higher more greater improve improves improved improving improvement enhance enhances enhanced enhancing',
  'promote promotes promoted elevated raise raises raised upregulated upregulates upregulation activates activated induces induced accelerates',
  'accelerated gain gains rise rises boost boosts boosted outperform outperforms outperformed outperforming better larger stronger faster longer',
  'superior exceeds exceeded surpasses surpassed beats beat benefit benefits beneficial helps helped easier positively',
);
/** Not "loss": in machine learning it names the objective ("fast loss drops"), not a decrease. */
const DOWN = words(
  'decrease decreases decreased decreasing lower less fewer reduce reduces reduced reducing reduction impair impairs impaired inhibit inhibits',
  'inhibited suppress suppresses suppressed downregulated downregulates downregulation attenuates attenuated decline declines declined worse',
  'smaller weaker slower shorter prevents prevented blocks blocked diminished diminishes underperform underperforms underperformed underperforming',
  'inferior degrade degrades degraded degrading degradation hurts hurt harms harmed harder worsens worsened negatively impedes impede hinders hinder',
  'hampers protects protected protective',
);
const PARITY = words('match matches matched matching comparable par equivalent equal equals compete competes competitive rival rivals');
const CHANGE = words('shift shifts shifted shifting change changes changed changing vary varies varied varying dynamic dynamically drift drifts evolve evolves fluctuate fluctuates');
const STATIC = words('fixed stable static constant unchanged stay stays stayed invariant');
const NEGATORS = words('not no never without cannot neither nor none unable lack lacks lacking lacked absence fail fails failed failing');
/** "only"/"must"/"require": a restriction; negating it ("do not require", "not only") denies it. */
const RESTRICTION = words('only require requires required must necessary solely exclusively');
/** Prepositions before a gerund that names an activity ("inferior in matching the morphology"). */
const TASK_PREPOSITIONS = words('in for of at by on');
/**
 * The paper's own proposal as a subject: "our method improves the baselines" reports how the
 * proposal compares with them, not the claim's effect, unless the claim speaks of a proposal too.
 */
const PROPOSAL = /\b(?:our|the proposed) (?:\w+ )?(?:method|approach|framework|technique|algorithm|solution|strategy)s?\b/i;
/** A contrast starts a new clause: negation does not carry over it. */
const CONTRAST = words('but whereas while although though however yet');
/** Words of changing quantity that also have another sense ("drop tokens", "gain access"). */
const QUANTITY_SENSE = words('drop drops dropped dropping fall falls cut cuts gain gains loss losses jump jumps dip spike lift');
/** Nouns of a measured quantity: a change word beside one is in its quantity sense. */
const MEASURE = words('accuracy performance score scores rate rates error errors loss perplexity quality f1 bleu auc throughput latency level levels percent points point');

/** A sentence that states no finding: a question, an aim, an open problem. */
const NO_FINDING = /\b(?:whether|remains? (?:an )?(?:open|unclear|unknown|understudied|unexplored|elusive)|is (?:unclear|unknown|understudied|unexplored)|little is known|we (?:investigate|investigated|examine|examined|study|studied|explore|explored|ask|asked|aim|aimed|hypothesi[sz]e|hypothesi[sz]ed|propose to)|(?:this|the) (?:\w+ )?(?:paper|work|study|article) (?:investigates|examines|studies|explores|aims)|aims? to|aimed to)\b|\?\s*$/i;
/** …unless it also reports one. */
const FINDING = /\b(?:find|finds|found|show|shows|showed|shown|reveal|reveals|revealed|demonstrate|demonstrates|demonstrated|observe|observed|indicate|indicates|indicated|suggest|suggests|result|results|conclude|concluded)\b/i;

function words(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.join(' ').split(/\s+/).filter(Boolean));
}

/** The axes, each with both its signs: a sentence on a claim's axis speaks of the property the claim asserts, for it or against it. */
const AXES: readonly ReadonlySet<string>[] = [new Set([...UP, ...DOWN]), PARITY, new Set([...CHANGE, ...STATIC]), RESTRICTION];

/** Credit for a claim's polarity word met by another word of its axis (its antonym or synonym), as a term-vector neighbour counts (focus.ts). */
export const AXIS_CREDIT = 1;

/**
 * A claim's focus words that are polarity words get every word of their axis as neighbours
 * ("fixed" → "shift", "dynamic"; "benefit" → "improves"): a sentence that contradicts a claim
 * restates it with the antonym, and would otherwise not address its focus.
 */
export function addAxisNeighbours(focus: Focus): void {
  for (const t of focus.terms) {
    const axis = AXES.find((a) => a.has(t.word));
    if (!axis || t.framing) continue;
    for (const w of axis) {
      const term = termOf(w);
      if (term && term !== t.term && !t.neighbours.has(term)) t.neighbours.set(term, AXIS_CREDIT);
    }
  }
}

/** The claim's polarity words (index terms) whose axis `sentence` also holds a word of: what the sentence covers of the claim through antonyms and synonyms. */
export function axisTerms(claim: string, sentence: string): string[] {
  const held = new Set(tokens(sentence));
  return tokens(claim).flatMap((w) => {
    const axis = AXES.find((a) => a.has(w));
    const term = axis && [...held].some((x) => axis.has(x)) ? termOf(w) : undefined;
    return term ? [term] : [];
  });
}

/** Signed polarity on each axis, and whether a negation governs nothing on any axis (a null finding). */
export interface Polarity {
  direction: number;
  parity: number;
  change: number;
  /** A restriction ("only", "require") affirmed (+1) or denied (−1). */
  restriction: number;
  /** A negation whose scope holds no polarity word: "no effect", "not associated". */
  bareNegation: boolean;
}

/** Lower-case word tokens of one clause. */
const tokens = (clause: string): string[] => clause.toLowerCase().match(/[a-z0-9]+(?:['’-][a-z0-9]+)*/g) ?? [];

/** The clauses of a text: parentheticals dropped, split at punctuation and at contrasts. */
function clauses(text: string): string[][] {
  const plain = text.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' ');
  const out: string[][] = [];
  for (const part of plain.split(/[;:,.](?:\s|$)|\s[-–—]\s/)) {
    let clause: string[] = [];
    for (const t of tokens(part)) {
      if (CONTRAST.has(t) && clause.length) {
        out.push(clause);
        clause = [];
      }
      clause.push(t);
    }
    if (clause.length) out.push(clause);
  }
  return out;
}

/** A word's negation: "n't" forms and the negators. */
const negates = (w: string): boolean => NEGATORS.has(w) || /n['’]t$/.test(w);

/** A text's polarity, clause by clause (see the header). */
export function polarity(text: string): Polarity {
  const p: Polarity = { direction: 0, parity: 0, change: 0, restriction: 0, bareNegation: false };
  for (const clause of clauses(text)) {
    let sign = 1;
    let open = false; // a negation in force that has not yet met a polarity word
    clause.forEach((w, i) => {
      // "with and without X", "with or without X": both conditions, no negation.
      if (w === 'without' && (clause[i - 1] === 'and' || clause[i - 1] === 'or') && clause.slice(Math.max(0, i - 4), i - 1).includes('with')) return;
      // "should not respond": a norm, not a finding.
      if (negates(w) && (clause[i - 1] === 'should' || clause[i - 1] === 'must')) return;
      if (negates(w)) {
        // "no longer", "not only": "no" before a comparative or restriction negates it; "no" before a noun too.
        sign = -sign;
        open = true;
        return;
      }
      // "at the cost of": what follows is lost.
      if (w === 'cost' && clause[i - 1] === 'the' && clause[i - 2] === 'at') {
        p.direction -= sign;
        open = false;
        return;
      }
      // "in matching the morphology": a parity word as the gerund of a preposition names a task, not a parity found.
      if (PARITY.has(w) && w.endsWith('ing') && TASK_PREPOSITIONS.has(clause[i - 1] ?? '')) return;
      const axis = UP.has(w) ? 'up' : DOWN.has(w) ? 'down' : PARITY.has(w) ? 'parity' : CHANGE.has(w) ? 'change' : STATIC.has(w) ? 'static' : RESTRICTION.has(w) ? 'restriction' : undefined;
      if (!axis) return;
      open = false;
      if (axis === 'up') p.direction += sign;
      else if (axis === 'down') p.direction -= sign;
      else if (axis === 'parity') p.parity += sign;
      else if (axis === 'change') p.change += sign;
      else if (axis === 'static') p.change -= sign;
      else p.restriction += sign;
    });
    if (open) p.bareNegation = true;
  }
  return { ...p, direction: Math.sign(p.direction), parity: Math.sign(p.parity), change: Math.sign(p.change), restriction: Math.sign(p.restriction) };
}

/** Whether `w` at index i of `ws` is in its measured-quantity sense: a number, a percent or a measure noun next to it ("1% absolute drop", "accuracy drops", "a drop in accuracy"). */
function measured(ws: string[], i: number): boolean {
  const near = [ws[i - 1], ws[i - 2], ws[i + 1], ws[i + 2]].filter((x): x is string => x !== undefined);
  return near.some((x) => /^\d/.test(x) || MEASURE.has(x));
}

/** A shared quantity word used in its measured sense in one text and not in the other ("drop tokens" vs "a 1% drop"). */
export function senseDiffers(claim: string, sentence: string): boolean {
  const a = tokens(claim.replace(/(\d)\s*%/g, '$1pct'));
  const b = tokens(sentence.replace(/(\d)\s*%/g, '$1pct'));
  for (const [i, w] of a.entries()) {
    if (!QUANTITY_SENSE.has(w)) continue;
    const stem = w.replace(/(?:ped|ping|s|es)$/, '');
    const uses = b.flatMap((x, j) => (QUANTITY_SENSE.has(x) && x.replace(/(?:ped|ping|s|es)$/, '') === stem ? [j] : []));
    if (uses.length === 0) continue;
    const inClaim = measured(a, i);
    if (uses.every((j) => measured(b, j) !== inClaim)) return true;
  }
  return false;
}

/** Whether a text asserts something on an axis or a null finding: what can decide a stance. */
export function polar(text: string): boolean {
  const p = polarity(text);
  return p.bareNegation || p.direction !== 0 || p.parity !== 0 || p.change !== 0 || p.restriction !== 0;
}

/** The sentence's stance on the claim, or undefined when it does not bear on it (see the header). */
export function claimStance(claim: string, sentence: string): Stance | undefined {
  if ((NO_FINDING.test(sentence) && !FINDING.test(sentence)) || senseDiffers(claim, sentence)) return undefined;
  if (PROPOSAL.test(sentence) && !PROPOSAL.test(claim)) return undefined;
  const c = polarity(claim);
  const s = polarity(sentence);
  const axes = ['direction', 'parity', 'change', 'restriction'] as const;
  const shared = axes.filter((k) => c[k] !== 0 && s[k] !== 0);
  if (shared.length) return shared.some((k) => c[k] !== s[k]) ? 'contradicts' : 'supports';
  // A claim of more or less against a sentence of parity ("comparable"), and the reverse ("matches" against "worse").
  if ((c.direction !== 0 && s.parity > 0) || (c.parity > 0 && s.direction < 0)) return 'contradicts';
  // No axis in common: an effect against a null finding.
  const effect = (p: Polarity) => !p.bareNegation || axes.some((k) => p[k] !== 0);
  return effect(c) !== effect(s) ? 'contradicts' : 'supports';
}
