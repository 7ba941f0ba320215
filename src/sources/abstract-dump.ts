/**
 * Abstract dumps: one paper per line, each line starting `Abstract:` (arXiv-style exports), no
 * titles. The abstract is kept as written (LaTeX and all); normalisation happens at ingest.
 *
 * A line without the prefix that directly follows an abstract line continues it: dumps are often
 * hard-wrapped, and the prefix, not the line break, is what delimits papers. Continuations are
 * joined with a newline so the abstract stays as written. A blank line ends an abstract, so a
 * prefix-less line after a blank line (or before the first abstract) is not part of any abstract:
 * it is reported as malformed rather than glued to an unrelated paper. Because of continuations a
 * line cannot be parsed on its own, so the parser is not line-oriented.
 */
import type { ParseItem, SourceParser } from './source-parser.js';
import { splitLines } from './lines.js';

const PREFIX = /^abstract:\s*/i;

export const abstractDumpParser: SourceParser = {
  format: 'abstract-dump',
  lineOriented: false,

  detect(sample) {
    const lines = splitLines(sample).map((l) => l.text.trim()).filter(Boolean);
    const prefixed = lines.filter((l) => PREFIX.test(l)).length;
    if (prefixed === 0) return 0;
    const share = prefixed / lines.length;
    if (share >= 0.5) return 0.95;
    // Hard-wrapped dumps have fewer prefixed lines than lines but start with one; prefixed lines
    // scattered in other text are weak evidence.
    return PREFIX.test(lines[0]!) ? 0.8 : 0.3 * share;
  },

  *parse(text, context) {
    let current: { line: number; parts: string[] } | undefined;
    const finish = (): ParseItem | undefined => {
      if (!current) return undefined;
      const abstract = current.parts.join('\n').trim();
      const { line } = current;
      current = undefined;
      return abstract
        ? { ok: true, record: { abstract }, line }
        : { ok: false, line, reason: 'empty abstract after "Abstract:"' };
    };

    for (const { text: raw, line } of splitLines(text, context.firstLine)) {
      const trimmed = raw.trim();
      if (PREFIX.test(trimmed)) {
        const done = finish();
        if (done) yield done;
        current = { line, parts: [trimmed.replace(PREFIX, '')] };
      } else if (trimmed === '') {
        const done = finish();
        if (done) yield done;
      } else if (current) {
        current.parts.push(trimmed);
      } else {
        yield { ok: false, line, reason: 'line does not start with "Abstract:" and continues no abstract' };
      }
    }
    const done = finish();
    if (done) yield done;
  },
};
