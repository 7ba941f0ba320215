/**
 * The kind of answer a factoid question asks for (the coarse answer types of question
 * classification, Li & Roth 2002): a number ("how many", "what is the boiling point"), a date
 * ("when", "what year") or a name ("who", "which country"). An abstract answers such a question
 * only with a sentence that states one: "Water looks unchanged as it warms, then at a critical
 * point it boils" holds every word of "what is the boiling point of water?" and no temperature.
 * Every other question ("how", "why", "what is the role of") asks for a description: any
 * sentence that addresses the focus may answer it.
 */
import { tokenize } from '../text/analyze.js';

export type AnswerType = 'number' | 'date' | 'name' | 'description';

/** Nouns that name a measured quantity: "what is the X of Y" asks for a number when X is one of them. */
const MEASURE = 'point|temperature|percentage|percent|fraction|proportion|share|number|amount|rate|value|size|speed|score|cost|price|population|length|height|weight|mass|depth|distance|age|dose|dosage|budget|bit-?widths?|duration|frequency|count|ratio|latency|throughput|capacity';
/** Head nouns whose answer is a proper name. */
const NAMED = 'team|country|nation|city|company|person|planet|author|winner|player|painter|artist|president|capital|organi[sz]ation|university|lab|laboratory|state';

/** "How" with these asks for a number ("how long", "how many"). */
export const HOW_MUCH = 'many|much|long|large|big|fast|often|old|far|high|tall|heavy|deep|wide|small|short|quickly|frequently';

const NUMBER_Q = new RegExp(
  `^(?:how (?:${HOW_MUCH})\\b|(?:what|which|at what|at which|by what|by how)\\s+(?:(?:is|are|was|were)\\s+)?(?:the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,2}?(?:${MEASURE})s?\\b)`,
  'i',
);
/** "When was/did …" asks for a date; "When decoding phonemes, which layer …" opens a clause. */
const DATE_Q = /^(?:when\s+(?:did|was|were|is|are|will|would|does|do|has|have|had|can|could|should)\b|(?:in\s+)?(?:what|which)\s+(?:year|month|decade|century|date|day)\b)/i;
const NAME_Q = new RegExp(`^(?:who(?:m|se)?\\b|(?:what|which)\\s+(?:(?:[\\w-]+\\s+){0,2}?)(?:${NAMED})s?\\b)`, 'i');

function expectedAnswerType(question: string): AnswerType {
  const q = question.trim().replace(/\s+/g, ' ');
  if (DATE_Q.test(q)) return 'date';
  if (NAME_Q.test(q)) return 'name';
  if (NUMBER_Q.test(q)) return 'number';
  return 'description';
}

const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'fifty', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'half', 'twice', 'double', 'triple', 'dozen', 'dozens', 'single']);
const MONTHS = /\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const FIRST_PERSON = /\b(?:we|our|us)\b/i;

/**
 * A sentence that states a gap in what is known ("pre-training objectives tailored for ad-hoc
 * retrieval have not been well explored", "the reasons remain unclear"): the motivation move of
 * an abstract (its BACKGROUND/GAP zone, in Teufel's argumentative zoning), which names a question's
 * focus exactly because it does not answer it.
 */
const GAP = new RegExp(
  [
    String.raw`\b(?:remains?|remained|is still|are still)\s+(?:largely\s+|still\s+|relatively\s+|poorly\s+|not\s+well\s+)?(?:unclear|unexplored|under-?explored|unknown|under-?studied|open|understood|limited|lacking|scarce|elusive|an open (?:question|problem)|a challenge)\b`,
    String.raw`\b(?:is|are)\s+(?:largely\s+|still\s+)?(?:unclear|unexplored|under-?explored|unknown|under-?studied|poorly understood|not well understood)\b`,
    String.raw`\b(?:has|have)\s+(?:not|rarely|seldom)\s+been\s+(?:well\s+|fully\s+|systematically\s+|thoroughly\s+|adequately\s+|sufficiently\s+)?(?:explored|studied|investigated|examined|addressed|understood)\b`,
    String.raw`\blittle (?:is known|attention|work|research)\b`,
    String.raw`\b(?:received|receives|receive) (?:little|limited|less|scant) attention\b`,
  ].join('|'),
  'i',
);

/** A pointer to the paper's code or data ("Our code is available at https://…"), the other move that never answers. */
const AVAILABILITY = /\bhttps?:\/\/|\b(?:code|data|dataset|datasets|models|weights|checkpoints|implementation|benchmark)\b[^.;]*\b(?:(?:is|are|will be|has been|have been)\s+(?:publicly\s+|freely\s+)?(?:available|released|open-sourced)|at github)\b/i;

/** A sentence that states a gap or points to code or data: whatever words it shares with a question, it does not answer one. */
export const statesNoAnswer = (sentence: string): boolean => statesGap(sentence) || AVAILABILITY.test(sentence);

export const statesGap = (sentence: string): boolean => GAP.test(sentence);

/** A sentence reporting what the paper found ("Our results show that …", "We further show that …"): its answer to the question a gap sentence posed. */
const FINDING = /\b(?:we|our (?:results?|experiments?|analys[ie]s|findings?|study|evaluations?)|(?:results?|findings?|experiments?|analys[ie]s) (?:further )?)\s+(?:\w+\s+)?(?:show|shows|showed|find|finds|found|reveal|reveals|revealed|demonstrate|demonstrates|demonstrated|observe|observed|identify|identified|indicate|indicates|suggest|suggests|confirm|confirms|uncover|discover)\b/i;

export const statesFinding = (sentence: string): boolean => FINDING.test(sentence);

/** Whether a sentence states an answer of the kind `question` asks for (always, for a description); the question is read once, not per sentence. */
export function answerTest(question: string): (sentence: string) => boolean {
  switch (expectedAnswerType(question)) {
    case 'description':
      return () => true;
    case 'number':
      return (sentence) => /\d/.test(sentence) || tokenize(sentence).some((t) => NUMBER_WORDS.has(t));
    case 'date':
      return (sentence) => /\b(?:1[0-9]|20)\d\d\b/.test(sentence) || MONTHS.test(sentence);
    case 'name': {
      const asked = new Set(tokenize(question));
      return (sentence) => {
        // A paper answering "who" about its own work names its authors as "we".
        if (FIRST_PERSON.test(sentence)) return true;
        const words = sentence.split(/\s+/).slice(1);
        return words.some((w) => /^\p{Lu}[\p{L}-]+/u.test(w) && tokenize(w).every((t) => !asked.has(t)));
      };
    }
  }
}
