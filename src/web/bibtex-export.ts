/**
 * One paper as a BibTeX entry: @article when a venue is known, else @misc; arXiv papers carry
 * eprint, archivePrefix and primaryClass (the biblatex/natbib convention). Field values are the
 * plain text of the paper's fields with BibTeX's and LaTeX's special characters escaped so that
 * every field's braces balance whatever the source wrote.
 */
import type { Paper } from '../core/paper.js';
import { toPlainText } from '../text/normalise.js';
import { safeHttpUrl } from './html.js';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text safe inside a braced BibTeX field: specials escaped, control characters and line breaks as spaces. */
export function escapeBibtex(text: string): string {
  return text.replace(/[\\{}%&$#_~^]/g, (ch) => SPECIAL[ch]!).replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

/**
 * A verbatim field (doi, url, eprint: biblatex reads them as is, so `_` stays `_`): only the
 * braces need care. Balanced ones stay; otherwise they are percent-encoded, as in a URL.
 */
export function verbatimBibtex(text: string): string {
  const s = text.replace(/[\u0000-\u001f\u007f\s]+/g, '');
  let depth = 0;
  for (const ch of s) {
    depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth < 0) break;
  }
  return depth === 0 ? s : s.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** A citation key: first author's family name, year, first title word (ASCII letters and digits). */
export function citationKey(paper: Paper): string {
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  const author = paper.authors[0]?.trim();
  // "Family, Given" or "Given Family".
  const first = (author?.includes(',') ? author.split(',')[0] : author?.split(/\s+/).pop()) ?? paper.organization?.split(/\s+/)[0] ?? '';
  const year = paper.date?.slice(0, 4) ?? '';
  const word = toPlainText(paper.title).split(/\s+/).map(ascii).find((w) => w.length > 3) ?? '';
  const key = `${ascii(first)}${year}${word}`;
  return key.length >= 4 ? key : `paper${ascii(paper.id) || 'x'}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function paperBibtex(paper: Paper): string {
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined) => {
    if (value && value.trim()) fields.push([name, value]);
  };
  // Double braces keep the title's capitalisation.
  add('title', `{${escapeBibtex(toPlainText(paper.title))}}`);
  if (paper.authors.length) add('author', paper.authors.map((a) => escapeBibtex(a)).join(' and '));
  else if (paper.organization) add('author', `{${escapeBibtex(paper.organization)}}`);
  if (paper.venue) add('journal', escapeBibtex(toPlainText(paper.venue)));
  if (paper.date) {
    add('year', paper.date.slice(0, 4));
    // A month macro, unbraced (BibTeX then prints the month's name in the style's language).
    const month = MONTHS[Number(paper.date.slice(5, 7)) - 1];
    if (month) fields.push(['month', month]);
  }
  if (paper.arxivId) {
    add('eprint', verbatimBibtex(paper.arxivId));
    add('archivePrefix', 'arXiv');
    const primary = paper.categories.find((c) => /^[a-z-]+(\.[A-Za-z-]+)?$/.test(c));
    add('primaryClass', primary && escapeBibtex(primary));
  }
  if (paper.doi) add('doi', verbatimBibtex(paper.doi));
  const url = safeHttpUrl(paper.url) ?? (paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : undefined);
  if (url) add('url', verbatimBibtex(url));
  if (paper.comment) add('note', escapeBibtex(toPlainText(paper.comment)));
  add('abstract', escapeBibtex(toPlainText(paper.abstract)));
  const kind = paper.venue ? 'article' : 'misc';
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${name === 'month' ? value : `{${value}}`}`).join(',\n');
  return `@${kind}{${citationKey(paper)},\n${body}\n}\n`;
}
