/**
 * Abstract lists: one abstract per line, no prefix, no title (abstracts pasted from PDFs, with
 * markdown bold and hyphenation kept as written). Every line stands alone, so the parser is
 * line-oriented.
 */
import type { SourceParser } from './source-parser.js';
import { nonBlankLines, wordCount } from './lines.js';

/** Fewer words than this cannot be an abstract (a heading, a title, a stray note). */
const MIN_WORDS = 15;

// Shapes that belong to other formats: JSON, XML, BibTeX, a field assignment, CSV/TSV rows, dumps.
const OTHER_FORMAT = /^(?:[{[<@"]|abstract:|\w+\s*=\s*[{"])|","|\t/i;

/** A line of prose long enough to be an abstract: 400+ characters with at least two sentences. */
function isProseAbstract(line: string): boolean {
  if (line.length < 400 || OTHER_FORMAT.test(line)) return false;
  // PDF pastes may lose the space after a full stop ("descent.By"), so none is required.
  const sentenceEnds = line.match(/[.!?](?:\s*[A-Z]|\s*$)/g)?.length ?? 0;
  return sentenceEnds >= 2 && wordCount(line) >= 50;
}

export const abstractListParser: SourceParser = {
  format: 'abstract-list',
  lineOriented: true,

  /**
   * This is the fallback for "many long lines of prose", so it never claims more than 0.6: any
   * format with a positive signature (a prefix, markup, chrome) outranks it.
   */
  detect(sample) {
    const lines = nonBlankLines(sample);
    if (lines.length === 0) return 0;
    const prose = lines.filter((l) => isProseAbstract(l.text)).length / lines.length;
    return prose >= 0.8 ? 0.6 * prose : 0;
  },

  *parse(text, context) {
    for (const { text: abstract, line } of nonBlankLines(text, context.firstLine)) {
      const words = wordCount(abstract);
      if (words < MIN_WORDS) {
        yield { ok: false, line, reason: `line too short for an abstract (${words} of at least ${MIN_WORDS} words)` };
      } else {
        yield { ok: true, record: { abstract }, line };
      }
    }
  },
};
