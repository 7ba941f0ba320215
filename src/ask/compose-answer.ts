/**
 * The answer's prose: statements in order with numbered citation marks [n], one number per cited
 * sentence (first appearance order). Runs of statements quoting one paper get a lead-in naming it
 * ("Title (2024) reports: …") so an extractive answer reads paper by paper rather than as a hit
 * list; a claim's answer puts supporting and contradicting evidence under their own headings.
 */
import type { Citation, EvidenceSentence, Statement } from './ask-types.js';

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

const MAX_TITLE = 90;

/** Each cited sentence's number, by citeKey: [1], [2] … as the answer's prose numbers them. */
export const citationNumbers = (statements: readonly Statement[]): Map<string, number> => new Map(numberCitations(statements).map((c) => [citeKey(c), c.n]));

export function composeAnswer(statements: readonly Statement[], papers: ReadonlyMap<string, Pick<EvidenceSentence, 'title' | 'date'>>): string {
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
    const sentence = `${s.text} ${marks(s)}`;
    if (single !== undefined && single === paper) {
      paragraphs[paragraphs.length - 1] += ` ${sentence}`;
      continue;
    }
    paper = single;
    const info = single !== undefined ? papers.get(single) : undefined;
    paragraphs.push(info ? `${leadIn(info)} ${sentence}` : sentence);
  }
  return paragraphs.join('\n');
}

function leadIn(info: Pick<EvidenceSentence, 'title' | 'date'>): string {
  const title = info.title.length > MAX_TITLE ? `${info.title.slice(0, MAX_TITLE - 1).trimEnd()}…` : info.title;
  return `“${title}”${info.date ? ` (${info.date.slice(0, 4)})` : ''} reports:`;
}
