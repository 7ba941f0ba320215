/**
 * One paper as a BibTeX entry: @article when a venue is known, else @misc; arXiv papers carry
 * eprint, archivePrefix and primaryClass (the biblatex/natbib convention). Field values are the
 * plain text of the paper's fields with BibTeX's and LaTeX's special characters escaped so that
 * every field's braces balance whatever the source wrote; math in a title or abstract stays
 * LaTeX (`$O(\log^2 t)$`), as the paper wrote it, when its braces balance.
 */
import type { Paper } from '../core/paper.js';
import { toPlainText } from '../text/normalise.js';
import { safeHttpUrl } from '../core/html.js';
import { splitMath } from './latex.js';

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

/** Braces of a math formula balance (an escaped `\{` aside). */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length && depth >= 0; i++) {
    if (tex[i] === '\\') i++;
    else depth += tex[i] === '{' ? 1 : tex[i] === '}' ? -1 : 0;
  }
  return depth === 0;
}

/**
 * A title or abstract for a braced field: its math as LaTeX between `$` (`%`, `&` and `#`, which
 * would end or break the field in math too, escaped), the text between as plain text, escaped.
 * Math whose braces do not balance is escaped as text.
 */
export function richBibtex(source: string): string {
  const out = splitMath(source).map((piece) => {
    if ('tex' in piece && balanced(piece.tex)) {
      return `$${piece.tex.replace(/(^|[^\\])([%&#])/g, '$1\\$2').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim()}$`;
    }
    const text = 'tex' in piece ? piece.tex : piece.text;
    const escaped = escapeBibtex(toPlainText(text));
    // toPlainText trims: the spaces around a piece separate it from the math beside it.
    return escaped ? `${/^\s/.test(text) ? ' ' : ''}${escaped}${/\s$/.test(text) ? ' ' : ''}` : /\s/.test(text) ? ' ' : '';
  });
  return out.join('').replace(/ {2,}/g, ' ').trim();
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
  add('title', `{${richBibtex(paper.title)}}`);
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
  add('abstract', richBibtex(paper.abstract));
  const kind = paper.venue ? 'article' : 'misc';
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${name === 'month' ? value : `{${value}}`}`).join(',\n');
  return `@${kind}{${citationKey(paper)},\n${body}\n}\n`;
}
