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

const NUMBER_Q = new RegExp(
  `^(?:how (?:many|much|long|large|big|fast|often|old|far|high|tall|heavy|deep|wide|small|short|quickly|frequently)\\b|(?:what|which|at what|at which|by what|by how)\\s+(?:(?:is|are|was|were)\\s+)?(?:the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,2}?(?:${MEASURE})s?\\b)`,
  'i',
);
const DATE_Q = /^(?:when\b|(?:in\s+)?(?:what|which)\s+(?:year|month|decade|century|date|day)\b)/i;
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
