/**
 * Titles and abstracts as sources wrote them, rendered for the web: math (`$…$`, `$$…$$`,
 * `\(…\)`, `\[…\]`) by KaTeX on the server, a few text-mode commands as tags (`\textbf`,
 * `\textit`, `\emph`, `\texttt`, `\href`, `\url`, markdown `**bold**`), everything else through
 * `toPlainText` (symbols, accents, stray markup) and escaped. Only http(s) URLs become links.
 * Never throws on its input.
 */
import katex from 'katex';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';
import { escapeHtml, raw, safeHttpUrl, type SafeHtml } from '../core/html.js';

/** Longer math is shown as its source: KaTeX time grows with it, and real formulas are short. */
const MAX_MATH = 2000;
/** Nesting deeper than this is rendered as plain text rather than recursed into. */
const MAX_DEPTH = 20;


// Rendered math by (display, tex): titles repeat on every list page, so most renders are hits.
const mathCache = new Map<string, string>();
const MATH_CACHE_SIZE = 5000;

/**
 * The TeX one page may give KaTeX, in characters: its time and output grow with it (6,000 small
 * formulas took 1.3 s). Real abstracts hold a few hundred; past the budget, math is shown as its source.
 */
const MATH_BUDGET_CHARS = 20_000;

/** What is left of a page's math budget; shared by every renderRich call of one page. */
export interface MathBudget {
  chars: number;
}

export const mathBudget = (): MathBudget => ({ chars: MATH_BUDGET_CHARS });

function renderMath(tex: string, display: boolean, budget: MathBudget = mathBudget()): string {
  if (tex.length > budget.chars) return `<code class="tex">${escapeHtml(tex)}</code>`;
  budget.chars -= tex.length;
  const key = `${display ? 'D' : 'I'}${tex}`;
  const hit = mathCache.get(key);
  if (hit !== undefined) {
    mathCache.delete(key);
    mathCache.set(key, hit);
    return hit;
  }
  let out: string;
  if (tex.length > MAX_MATH) {
    out = `<code class="tex">${escapeHtml(tex)}</code>`;
  } else {
    try {
      out = katex.renderToString(tex, {
        throwOnError: false,
        trust: false,
        output: 'html',
        displayMode: display,
        strict: false,
        maxExpand: 200,
        maxSize: 20,
      });
    } catch {
      out = `<code class="tex">${escapeHtml(tex)}</code>`;
    }
  }
  mathCache.set(key, out);
  if (mathCache.size > MATH_CACHE_SIZE) mathCache.delete(mathCache.keys().next().value!);
  return out;
}

const FORMAT_TAGS: Record<string, string> = {
  textbf: 'strong',
  bf: 'strong',
  textit: 'em',
  textsl: 'em',
  emph: 'em',
  it: 'em',
  texttt: 'code',
  underline: 'u',
};

/** The rich HTML of a title or abstract (clipped: text/clip.ts); a page's calls may share one math budget. */
export function renderRich(source: string, budget: MathBudget = mathBudget()): SafeHtml {
  return raw(renderText(clipText(source), 0, budget));
}

/**
 * Where things close in one text, each found in linear time overall: every `{` and `**` and
 * math delimiter of hostile input (thousands of them, never closed) must not each scan to the end.
 */
class Closers {
  private ends: Int32Array | undefined;
  private readonly found = new Map<string, { from: number; at: number }>();

  constructor(private readonly s: string) {}

  /** Index just past the brace group opening at `open` (which must be `{`), or -1 when unbalanced. */
  groupEnd(open: number): number {
    if (!this.ends) {
      // One pass with a stack matches every brace; a backslash escapes the character after it.
      const { s } = this;
      this.ends = new Int32Array(s.length).fill(-1);
      const stack: number[] = [];
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 92) i++;
        else if (c === 123) stack.push(i);
        else if (c === 125 && stack.length > 0) this.ends[stack.pop()!] = i + 1;
      }
    }
    return this.ends[open] ?? -1;
  }

  /**
   * `s.indexOf(needle, from)`, remembering the answer: asked again from further on (the renderer
   * only moves forward) it is the same unless `from` has passed it.
   */
  indexOf(needle: string, from: number): number {
    const last = this.found.get(needle);
    if (last && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
    const at = this.s.indexOf(needle, from);
    this.found.set(needle, { from, at });
    return at;
  }
}

/** Where the math opened at `i` by `open` closes: [contentEnd, after], or undefined. */
function mathEnd(s: string, closers: Closers, i: number, open: string): [number, number] | undefined {
  const start = i + open.length;
  if (open === '$') {
    // Pandoc's rule, so that prices stay text: "$5 and $10" is no formula.
    if (start >= s.length || /\s/.test(s[start]!)) return undefined;
    // Stops at the first "$": each "$" scans only to the next one.
    for (let j = start; j < s.length; j++) {
      const ch = s[j];
      if (ch === '\\') {
        j++;
        continue;
      }
      if (ch === '$') {
        if (j === start || /\s/.test(s[j - 1]!) || /\d/.test(s[j + 1] ?? '')) return undefined;
        return [j, j + 1];
      }
    }
    return undefined;
  }
  const close = open === '$$' ? '$$' : open === '\\(' ? '\\)' : '\\]';
  const j = closers.indexOf(close, start);
  return j < 0 || j === start ? undefined : [j, j + close.length];
}

/** Where math opens at `i`, if it does: `$`, `$$`, `\(` or `\[`; '' otherwise. */
function mathOpen(s: string, i: number): string {
  const ch = s[i];
  if (ch === '$') return s[i + 1] === '$' ? '$$' : '$';
  return ch === '\\' && (s[i + 1] === '(' || s[i + 1] === '[') ? s.slice(i, i + 2) : '';
}

export type MathPiece = { text: string } | { tex: string; display: boolean };

/**
 * A source's text cut into text and math, by the rules the page renders math with (an escaped
 * `\$` is text): for exports that keep math as LaTeX (BibTeX).
 */
export function splitMath(s: string): MathPiece[] {
  const pieces: MathPiece[] = [];
  const closers = new Closers(s);
  let text = '';
  let i = 0;
  while (i < s.length) {
    const open = mathOpen(s, i);
    const end = open ? mathEnd(s, closers, i, open) : undefined;
    if (end) {
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ tex: s.slice(i + open.length, end[0]), display: open === '$$' || open === '\\[' });
      i = end[1];
    } else {
      // A command's backslash takes its next character along (\$ is a dollar sign).
      const step = s[i] === '\\' && !open ? 2 : Math.max(1, open.length);
      text += s.slice(i, i + step);
      i += step;
    }
  }
  if (text) pieces.push({ text });
  return pieces;
}

function renderText(s: string, depth: number, budget: MathBudget): string {
  if (depth > MAX_DEPTH) return plain(s);
  const closers = new Closers(s);
  let out = '';
  let buffer = '';
  const flush = () => {
    if (buffer) out += plain(buffer);
    buffer = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    // Math.
    const open = mathOpen(s, i);
    if (open) {
      const end = mathEnd(s, closers, i, open);
      if (end) {
        flush();
        const tex = s.slice(i + open.length, end[0]);
        out += renderMath(tex, open === '$$' || open === '\\[', budget);
        i = end[1];
        continue;
      }
      buffer += open;
      i += open.length;
      continue;
    }
    // Markdown bold.
    if (ch === '*' && s[i + 1] === '*') {
      const close = closers.indexOf('**', i + 2);
      if (close > i + 2) {
        flush();
        out += `<strong>${renderText(s.slice(i + 2, close), depth + 1, budget)}</strong>`;
        i = close + 2;
        continue;
      }
      buffer += '**';
      i += 2;
      continue;
    }
    if (ch === '{') {
      const end = closers.groupEnd(i);
      if (end > 0) {
        flush();
        out += renderText(s.slice(i + 1, end - 1), depth + 1, budget);
        i = end;
        continue;
      }
      // An unclosed group: its text goes on, apart from whatever command preceded it.
      flush();
      buffer = ' ';
      i++;
      continue;
    }
    if (ch === '}') {
      i++;
      continue;
    }
    if (ch === '\\') {
      const m = /^\\([a-zA-Z]+|.?)/.exec(s.slice(i, i + 40))!;
      const name = m[1]!;
      let j = i + m[0].length;
      const tag = FORMAT_TAGS[name];
      if (tag || name === 'href' || name === 'url') {
        // Arguments may follow after spaces.
        while (s[j] === ' ') j++;
        const end1 = s[j] === '{' ? closers.groupEnd(j) : -1;
        if (end1 > 0) {
          const arg1 = s.slice(j + 1, end1 - 1);
          if (tag) {
            flush();
            out += `<${tag}>${renderText(arg1, depth + 1, budget)}</${tag}>`;
            i = end1;
            continue;
          }
          if (name === 'url') {
            flush();
            out += link(arg1, escapeHtml(unescapeUrl(arg1)));
            i = end1;
            continue;
          }
          let k = end1;
          while (s[k] === ' ') k++;
          const end2 = s[k] === '{' ? closers.groupEnd(k) : -1;
          if (end2 > 0) {
            flush();
            out += link(arg1, renderText(s.slice(k + 1, end2 - 1), depth + 1, budget));
            i = end2;
            continue;
          }
        }
        if (tag && (name === 'bf' || name === 'it')) {
          // Old-style switches ({\bf x}): the rest of this group.
          flush();
          out += `<${tag}>${renderText(s.slice(j), depth + 1, budget)}</${tag}>`;
          return out;
        }
      }
      // Any other command, with its arguments, goes to toPlainText as one piece.
      buffer += s.slice(i, j);
      while (s[j] === '{' || s[j] === '[') {
        const end = s[j] === '{' ? closers.groupEnd(j) : closers.indexOf(']', j) + 1;
        if (end <= 0) break;
        buffer += s.slice(j, end);
        j = end;
      }
      i = j;
      continue;
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

/** An anchor only for http(s) URLs; otherwise just the text. */
function link(url: string, textHtml: string): string {
  const href = safeHttpUrl(unescapeUrl(url));
  return href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${textHtml}</a>` : textHtml;
}

/** A URL as written in LaTeX, with its escaped characters (\\_, \\%) as themselves. */
const unescapeUrl = (url: string): string => url.trim().replace(/\\([%#&_~$])/g, '$1');

/** Plain text of a piece, escaped, keeping the spaces at its edges that toPlainText trims. */
function plain(piece: string): string {
  const text = toPlainText(piece);
  if (!text) return /\s/.test(piece) ? ' ' : '';
  const lead = /^\s/.test(piece) ? ' ' : '';
  const trail = /\s$/.test(piece) ? ' ' : '';
  return lead + escapeHtml(text) + trail;
}
