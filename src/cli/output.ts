/** How papers and hits look on the command line: a readable text form (JSON is core/paper-format.ts). */
import type { Paper } from '../core/paper.js';
import { authorLine } from '../core/paper-format.js';

/** One search hit as a few lines of text. */
export function hitText(rank: number, p: Paper, score: number, snippet: string): string {
  const title = p.titleDerived ? `${p.title} [derived title]` : p.title;
  const meta = [p.id, p.date, authorLine(p), p.categories.slice(0, 3).join(' ')].filter(Boolean).join(' · ');
  return `${String(rank).padStart(2)}. ${title}\n    ${meta}  (score ${score.toFixed(2)})\n    ${snippet}\n`;
}

export function paperText(p: Paper): string {
  const lines = [
    p.titleDerived ? `${p.title}  [title derived from the abstract]` : p.title,
    '',
    `id:         ${p.id}`,
  ];
  const add = (label: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') lines.push(`${label.padEnd(11)} ${value}`);
  };
  add('authors:', authorLine(p));
  add('date:', p.date);
  add('categories:', p.categories.join(', '));
  add('arXiv:', p.arxivId);
  add('DOI:', p.doi);
  add('url:', p.url);
  add('upvotes:', p.upvotes);
  add('venue:', p.venue);
  add('comment:', p.comment);
  lines.push('', p.abstract, '', `sources (${p.sources.length}):`);
  for (const s of p.sources) lines.push(`  ${s.file}:${s.line}  ${s.format}  ${s.date ?? ''}  ingested ${s.ingestedAt}`.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** Tells the user once, on stderr, that the search index could not be saved (the answer stands). */
export const indexNotSaved = (err: NodeJS.WritableStream) => (message: string) =>
  err.write(`note: the search index was not saved (${message}); searches catch it up until it is\n`);
