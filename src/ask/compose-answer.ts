/**
 * An answer, not a collage: the statements as the reader sees them. Each names its paper — by its
 * short name (the part of its title before a colon, or its leading acronym: "Rectify-Router",
 * "LagKV") and year — and has its first-person references resolved to it: "We propose X" reads
 * "Rectify-Router (2024) proposes X", a later "we"/"our" reads "the authors"/"their", and "this
 * paper" names the paper. The statement that answers most directly leads; the rest follow grouped
 * by paper (one paper, one approach), repeats dropped. The prose numbers citations [n] in order;
 * a claim's answer puts supporting and contradicting evidence under their own headings.
 * `text` stays what was verified (for the extractive engine, the quote itself); `shown` is this.
 */
import type { Answer, Citation, EvidenceSentence, Statement } from './ask-types.js';
import { analyze } from '../text/analyze.js';

export interface NumberedCitation extends Citation {
  n: number;
}

/** One cited sentence: the key its number is kept under. */
export const citeKey = (c: Pick<Citation, 'paperId' | 'sentenceIndex'>): string => `${c.paperId}#${c.sentenceIndex}`;

/** Citations numbered in first-appearance order; the same sentence cited twice keeps its number. */
export function numberCitations(statements: readonly Statement[]): NumberedCitation[] {
  const out = new Map<string, NumberedCitation>();
  for (const s of statements) {
    for (const c of s.citations) {
      const key = citeKey(c);
      if (!out.has(key)) out.set(key, { ...c, n: out.size + 1 });
    }
  }
  return [...out.values()];
}

/** Each cited sentence's number, by citeKey: [1], [2] … as the answer's prose numbers them. */
export const citationNumbers = (statements: readonly Statement[]): Map<string, number> => new Map(numberCitations(statements).map((c) => [citeKey(c), c.n]));

type PaperInfo = Pick<EvidenceSentence, 'title' | 'date'>;

const MAX_NAME = 60;
/** Statements whose words overlap an earlier one's this much (Jaccard) repeat it. */
const REPEAT_OVERLAP = 0.6;
/** Keep it short: statements shown at most, and from one paper at most. */
export const MAX_STATEMENTS = 4;
export const STATEMENTS_PER_PAPER = 2;

/**
 * A paper's short name: the title's part before a colon when that is a name (at most four words),
 * else a leading name-like word ("ZClip", "DPad"), else the part before the colon or the title
 * quoted, shortened at a word.
 */
export function shortName(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  const head = /^([^:?]{1,60}):\s/.exec(t)?.[1]?.trim();
  if (head && head.split(' ').length <= 4) return head;
  // A coined name leads the title: capitals inside a word ("LagKV", "ZClip", "DPad"), not title case ("Capacity-Aware").
  const lead = t.split(' ')[0]!.replace(/[,.;]+$/, '');
  if (lead.length >= 3 && /^[\p{Lu}\d][\p{L}\d-]*$/u.test(lead) && /\p{Lu}\p{Lu}|\p{Ll}\p{Lu}/u.test(lead)) return lead;
  // A phrase before the colon ("When Sinks Help or Hurt") still tells the paper apart: quote it rather than cut the whole title mid-word.
  const quoted = head ?? t;
  if (quoted.length <= MAX_NAME) return `“${quoted}”`;
  const cut = quoted.slice(0, MAX_NAME - 1);
  return `“${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_NAME / 2)).trimEnd()}…”`;
}

/** The paper named for a reader: "Rectify-Router (2024)". */
const paperLabel = (info: PaperInfo): string => `${shortName(info.title)}${info.date ? ` (${info.date.slice(0, 4)})` : ''}`;

const MODALS = new Set(['can', 'could', 'will', 'would', 'may', 'might', 'must', 'should', 'shall']);
/** Adverbs that may stand between "we" and its verb ("we also propose", "we systematically study"). */
const ADVERB = /^(?:also|further|then|first|finally|here|now|thus|(?!(?:apply|rely|supply|reply|multiply|comply|imply)$)\w{3,}ly)$/i;
const IRREGULAR: Record<string, string> = { have: 'has', are: 'is', were: 'was', do: 'does', go: 'goes' };

/** The third-person singular of a verb after "we" ("propose" → "proposes"); past forms and modals unchanged. */
export function thirdPerson(verb: string): string {
  const v = verb.toLowerCase();
  if (MODALS.has(v) || /ed$/.test(v) || ADVERB.test(v)) return verb;
  if (IRREGULAR[v]) return IRREGULAR[v];
  if (/(?:s|sh|ch|x|z|o)$/.test(v)) return `${verb}es`;
  if (/[^aeiou]y$/.test(v)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/**
 * A sentence with the paper named and its first-person references resolved (see the header).
 * `again`: the sentence follows one of the same paper in its paragraph, so it says "it" rather than
 * naming the paper twice in a row.
 */
export function attributed(text: string, info: PaperInfo, again = false): string {
  const label = paperLabel(info);
  const name = shortName(info.title);
  const opening = /^(?:(?:In|Here,?\s+in)\s+this\s+(?:paper|work|study|article),?\s+)?[Ww]e\s+(\w+)\s+/.exec(text);
  let body: string;
  let lead: string;
  if (opening) {
    const verb = opening[1]!;
    // "We also propose" → "also proposes": the adverb stays, the verb after it agrees.
    const adverb = ADVERB.test(verb);
    const rest = text.slice(opening[0].length);
    if (adverb) {
      const next = /^(\w+)(\s+)/.exec(rest);
      body = next ? `${verb} ${thirdPerson(next[1]!)}${next[2]}${rest.slice(next[0].length)}` : `${verb} ${rest}`;
    } else body = `${thirdPerson(verb)} ${rest}`;
    lead = again ? 'It ' : `${label} `;
  } else {
    const our = /^Our\s+/.exec(text);
    const thisWork = /^This\s+(?:paper|work|study|article)\s+/.exec(text);
    if (our) {
      lead = again ? 'Its ' : `${label}: its `;
      body = text.slice(our[0].length);
    } else if (thisWork) {
      lead = again ? 'It ' : `${label} `;
      body = text.slice(thisWork[0].length);
    } else {
      lead = again ? '' : `${label}: `;
      body = text;
    }
  }
  body = body
    .replace(/\b(?:in|In)\s+this\s+(?:paper|work|study|article)\b/g, (m) => `${m.startsWith('I') ? 'In' : 'in'} ${name}`)
    .replace(/\bthis\s+(?:paper|work|study|article)\b/g, name)
    .replace(/\bwe\b/g, 'the authors')
    .replace(/\bWe\b/g, 'The authors')
    .replace(/\bour\b/g, 'their')
    .replace(/\bOur\b/g, 'Their')
    .replace(/\bus\b/g, 'them');
  return `${lead}${body}`;
}

/**
 * The statements in reading order, each with `shown` set: the most direct one (the first, as
 * engines put their best first) leads, then the rest grouped by paper in the order their papers
 * first appear; for a claim, supporting evidence first, then contradicting. Repeats are dropped,
 * and at most MAX_STATEMENTS are kept, STATEMENTS_PER_PAPER from one paper.
 */
export function arrangeStatements(statements: readonly Statement[], papers: ReadonlyMap<string, PaperInfo>): Statement[] {
  const paperOf = (s: Statement) => s.citations[0]?.paperId ?? '';
  const kept: Statement[] = [];
  const seen: Set<string>[] = [];
  const perPaper = new Map<string, number>();
  for (const s of statements) {
    const terms = new Set(analyze(s.text));
    if (kept.length >= MAX_STATEMENTS || (perPaper.get(paperOf(s)) ?? 0) >= STATEMENTS_PER_PAPER || seen.some((t) => jaccard(t, terms) >= REPEAT_OVERLAP)) continue;
    seen.push(terms);
    kept.push(s);
    perPaper.set(paperOf(s), (perPaper.get(paperOf(s)) ?? 0) + 1);
  }
  const order = new Map<string, number>();
  for (const s of kept) if (!order.has(paperOf(s))) order.set(paperOf(s), order.size);
  const side = (s: Statement) => (s.stance === 'contradicts' ? 1 : 0);
  const arranged = kept
    .map((s, i) => ({ s, i }))
    .sort((a, b) => side(a.s) - side(b.s) || order.get(paperOf(a.s))! - order.get(paperOf(b.s))! || a.i - b.i)
    .map(({ s }) => s);
  // composeAnswer runs a paper's statements on in one paragraph: only the first names it.
  return arranged.map((s, i) => {
    const single = s.citations.length > 0 && new Set(s.citations.map((c) => c.paperId)).size === 1;
    const info = single ? papers.get(s.citations[0]!.paperId) : undefined;
    const prev = arranged[i - 1];
    const again = single && prev !== undefined && side(prev) === side(s) && prev.citations.length > 0 && prev.citations.every((c) => c.paperId === paperOf(s));
    return { ...s, shown: info ? attributed(s.text, info, again) : s.text };
  });
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The prose: one paragraph per paper (and per side of a claim), citation marks after each statement. */
export function composeAnswer(statements: readonly Statement[]): string {
  const numbers = citationNumbers(statements);
  const marks = (s: Statement) => s.citations.map((c) => `[${numbers.get(citeKey(c))}]`).join('');
  const paragraphs: string[] = [];
  let stance: Statement['stance'];
  let paper: string | undefined;
  for (const s of statements) {
    if (s.stance && s.stance !== stance) {
      paragraphs.push(s.stance === 'supports' ? 'Evidence for the claim:' : 'Evidence against the claim:');
      stance = s.stance;
      paper = undefined;
    }
    const only = new Set(s.citations.map((c) => c.paperId));
    const single = only.size === 1 ? s.citations[0]!.paperId : undefined;
    const sentence = `${s.shown ?? s.text} ${marks(s)}`;
    if (single !== undefined && single === paper) paragraphs[paragraphs.length - 1] += ` ${sentence}`;
    else paragraphs.push(sentence);
    paper = single;
  }
  return paragraphs.join('\n');
}

/** The footer every surface shows: what was checked, and how sure paperboy is. */
export function checkedNote(answer: Pick<Answer, 'abstained' | 'focus' | 'confidence' | 'plan'>, compared: boolean): string {
  // `compared`: background questions were asked (a library large enough to have some), so the
  // decision and the confidence are against them; otherwise the focus floor alone decided.
  const focus = answer.focus.length ? `“${answer.focus.join(' ')}”` : 'the question';
  if (answer.abstained) {
    return compared
      ? `No sentence of the library addresses ${focus} better than questions of the same shape with random words do here, so there is no answer.`
      : `No sentence of the library covers enough of ${focus}, so there is no answer.`;
  }
  const how = compared
    ? 'how far its best evidence clears what random questions of the same shape reach in this library'
    : `how much of ${focus} its best evidence covers${answer.plan.kind === 'paper' ? '' : '; the library is too small to compare with random questions'}`;
  const sure = answer.confidence ? `; confidence ${answer.confidence} (${how})` : '';
  return `Each quote was checked: it is in its paper and it addresses ${focus}${sure}.`;
}
