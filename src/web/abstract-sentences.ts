/**
 * An abstract's own text (LaTeX, markup) cut into the sentences `ask` counts, so the paper page
 * can anchor each cited sentence (`#s-N`) and still render its math. `ask` splits the plain text
 * (ask/sentences.ts); the source text is cut at every [.!?] and whitespace, and the pieces are
 * joined until their plain text is as long as the next plain sentence, then checked against it
 * once (each piece is normalised once: re-normalising the growing join was quadratic). Undefined
 * when they do not line up.
 */
import { normaliseWhitespace, paperSentences } from '../ask/sentences.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';

/** After a sentence mark and any closing quotes, brackets, braces or math delimiters. */
const PIECE_END = /(?<=[.!?]["'\u201d\u2019)\]}$]*)\s+/;

export function sourceSentences(abstract: string): string[] | undefined {
  const plain = paperSentences({ abstract });
  const pieces = clipText(abstract).split(PIECE_END).filter((p) => p.trim());
  const out: string[] = [];
  let piece = 0;
  for (const sentence of plain) {
    let joined = '';
    let length = -1;
    while (piece < pieces.length && length < sentence.length) {
      const next = pieces[piece++]!;
      joined += (joined ? ' ' : '') + next;
      length += 1 + normaliseWhitespace(toPlainText(next)).length;
    }
    if (normaliseWhitespace(toPlainText(joined)) !== sentence) return undefined;
    out.push(joined);
  }
  return piece === pieces.length ? out : undefined;
}
