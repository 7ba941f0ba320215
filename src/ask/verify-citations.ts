/**
 * Citation verification: the pipeline keeps only what it can check against the papers,
 * whatever an engine (or text inside a paper) claims. Pure functions over the statements, the
 * evidence the engine was given, and the cited papers' sentences as ask/sentences.ts splits them.
 *
 * A citation survives when
 *   1. its paper was in the evidence given to the engine (no invented or out-of-scope papers),
 *   2. its sentenceIndex names a sentence of that paper and its quote equals that sentence after
 *      whitespace normalisation (no fabricated or altered quotes, no wrong indices), and
 *   3. the cited sentence shares content with the statement (at least one content word).
 * A statement survives when, with its surviving citations, it is supported: an extractive
 * statement's text must lie inside one of its quotes; any other must have at least
 * SUPPORT_COVERAGE of its content words (analyzed: stopwords out, stemmed) in the cited
 * sentences, a lexical entailment proxy. Unsupported statements are dropped, not flagged: the
 * answer holds only verified content, and what was dropped is reported beside it.
 * This is the citation precision of ALCE (Gao et al. 2023), checked lexically.
 */
import { analyze } from '../text/analyze.js';
import type { Citation, EvidenceSentence, Statement } from './ask-types.js';
import { citeKey } from './compose-answer.js';
import { normaliseWhitespace } from './sentences.js';

/** Share of a statement's content words its cited sentences must contain (non-extractive statements). */
export const SUPPORT_COVERAGE = 0.6;

export type RejectReason = 'paper-not-in-evidence' | 'no-such-sentence' | 'quote-mismatch' | 'off-focus' | 'unrelated-sentence' | 'unsupported-statement';

export interface Rejection {
  statement: string;
  citation?: Citation;
  reason: RejectReason;
}

export interface VerifyContext {
  evidence: readonly EvidenceSentence[];
  /** Sentences of each evidence paper, by public id, as ask/sentences.ts splits the stored abstract. */
  sentencesOf: ReadonlyMap<string, readonly string[]>;
  /** The engine quotes its statements (the extractive engine): text must lie within a quote. */
  extractive: boolean;
  /**
   * The sentences that address the question's focus (by citeKey, ask/focus.ts); when given, a
   * citation of any other sentence is rejected, whatever the engine (or an LLM's own judgement) says.
   */
  citable?: ReadonlyMap<string, number>;
}

export interface Verified {
  statements: Statement[];
  rejected: Rejection[];
}

export function verifyStatements(statements: readonly Statement[], context: VerifyContext): Verified {
  const inEvidence = new Set(context.evidence.map((e) => e.paperId));
  const out: Statement[] = [];
  const rejected: Rejection[] = [];
  for (const statement of statements) {
    const words = new Set(analyze(statement.text));
    const kept: Citation[] = [];
    const keptTerms = new Set<string>();
    for (const citation of statement.citations) {
      const checked = checkCitation(citation, words, inEvidence, context.sentencesOf, context.citable);
      if ('reason' in checked) {
        rejected.push({ statement: statement.text, citation, reason: checked.reason });
        continue;
      }
      kept.push({ ...citation, quote: checked.sentence });
      for (const t of checked.terms) keptTerms.add(t);
    }
    if (kept.length > 0 && supported(statement.text, words, kept, keptTerms, context.extractive)) {
      out.push({ ...statement, citations: kept });
    } else if (kept.length > 0) {
      rejected.push({ statement: statement.text, reason: 'unsupported-statement' });
    }
  }
  return { statements: out, rejected };
}

/** Why a citation fails, or the stored sentence it cites with that sentence's terms (analysed once, for both checks). */
function checkCitation(
  c: Citation,
  statementWords: Set<string>,
  inEvidence: Set<string>,
  sentencesOf: ReadonlyMap<string, readonly string[]>,
  citable: ReadonlyMap<string, number> | undefined,
): { reason: RejectReason } | { sentence: string; terms: string[] } {
  if (!inEvidence.has(c.paperId)) return { reason: 'paper-not-in-evidence' };
  const sentence = Number.isInteger(c.sentenceIndex) ? sentencesOf.get(c.paperId)?.[c.sentenceIndex] : undefined;
  if (sentence === undefined) return { reason: 'no-such-sentence' };
  if (normaliseWhitespace(c.quote) !== normaliseWhitespace(sentence)) return { reason: 'quote-mismatch' };
  if (citable && !citable.has(citeKey(c))) return { reason: 'off-focus' };
  const terms = analyze(sentence);
  if (!terms.some((w) => statementWords.has(w))) return { reason: 'unrelated-sentence' };
  return { sentence, terms };
}

function supported(text: string, words: Set<string>, citations: Citation[], cited: Set<string>, extractive: boolean): boolean {
  if (extractive) {
    const t = normaliseWhitespace(text);
    return t.length > 0 && citations.some((c) => c.quote.includes(t));
  }
  if (words.size === 0) return false;
  let covered = 0;
  for (const w of words) if (cited.has(w)) covered++;
  return covered / words.size >= SUPPORT_COVERAGE;
}
