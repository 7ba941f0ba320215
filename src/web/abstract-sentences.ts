/**
 * An abstract's own text (LaTeX, markup) cut into the sentences `ask` counts, so the paper page
 * can anchor each cited sentence (`#s-N`) and still render its math. `ask` splits the plain text
 * (ask/sentences.ts); the source text is cut at every [.!?] and whitespace, and the pieces are
 * joined until their plain text is the next plain sentence. Undefined when they do not line up.
 */
import { normaliseWhitespace, paperSentences } from '../ask/sentences.js';
import { toPlainText } from '../text/normalise.js';

/** After a sentence mark and any closing quotes, brackets, braces or math delimiters. */
const PIECE_END = /(?<=[.!?]["'\u201d\u2019)\]}$]*)\s+/;

export function sourceSentences(abstract: string): string[] | undefined {
  const plain = paperSentences({ abstract });
  const pieces = abstract.split(PIECE_END).filter((p) => p.trim());
  const out: string[] = [];
  let piece = 0;
  for (const sentence of plain) {
    let joined = '';
    while (piece < pieces.length && normaliseWhitespace(toPlainText(joined)).length < sentence.length) joined += (joined ? ' ' : '') + pieces[piece++];
    if (normaliseWhitespace(toPlainText(joined)) !== sentence) return undefined;
    out.push(joined);
  }
  return piece === pieces.length ? out : undefined;
}
