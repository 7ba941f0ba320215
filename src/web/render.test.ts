import { describe, expect, it } from 'vitest';
import { escapeBibtex, paperBibtex, richBibtex, verbatimBibtex } from './bibtex-export.js';
import { highlighted } from './components.js';
import { escapeHtml, html, raw, safeHttpUrl } from '../core/html.js';
import { mathBudget, renderRich } from './latex.js';
import type { Paper } from '../core/paper.js';

const rich = (s: string) => renderRich(s).value;

describe('html', () => {
  it('escapes every interpolated value unless it is SafeHtml', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const evil = '<script>alert(1)</script>';
    expect(html`<p title="${evil}">${evil}${raw('<br>')}${[evil, 1, null, undefined, false]}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;script&gt;alert(1)&lt;/script&gt;1</p>',
    );
  });

  it('only absolute http(s) URLs are links', () => {
    expect(safeHttpUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHttpUrl(' HTTP://Example.org ')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '//evil.example', '/relative', 'http://', 'vbscript:x'])
      expect(safeHttpUrl(bad)).toBeUndefined();
  });

  it('highlights snippet spans with <mark>, escaping the rest', () => {
    const out = highlighted({ text: 'a <b> model & models', highlights: [[14, 20], [6, 11], [0, 100], [7, 9]] }).value;
    expect(out).toBe('a &lt;b&gt; <mark>model</mark> &amp; <mark>models</mark>');
  });
});

describe('renderRich', () => {
  it('renders $…$, $$…$$, \\(…\\) and \\[…\\] with KaTeX', () => {
    const out = rich('$\\textbf{M}$agn$\\textbf{I}$tude');
    expect(out.match(/class="katex"/g)).toHaveLength(2);
    expect(out).toContain('agn');
    expect(out).toMatch(/tude$/);
    expect(rich('$$x^2$$')).toContain('katex-display');
    expect(rich('\\(a\\) and \\[b\\]')).toMatch(/class="katex".*and.*katex-display/s);
  });

  it('keeps prices and unclosed dollars as text', () => {
    expect(rich('costs $5 and $10 today')).toBe('costs $5 and $10 today');
    expect(rich('a $ sign')).toBe('a $ sign');
  });

  it('text-mode markup becomes tags; links only for http(s)', () => {
    expect(rich('\\textbf{bold} \\textit{it} \\emph{em} **md**')).toBe('<strong>bold</strong> <em>it</em> <em>em</em> <strong>md</strong>');
    expect(rich('see \\href{javascript:alert(1)}{click}')).toBe('see click');
    expect(rich('\\href{https://a.org/?x=1&y=2}{site}')).toBe('<a href="https://a.org/?x=1&amp;y=2" rel="nofollow noopener noreferrer">site</a>');
    expect(rich('\\url{javascript:alert(1)}')).toBe('javascript:alert(1)');
    expect(rich('\\url{https://a.org/x\\_y}')).toContain('href="https://a.org/x_y"');
    expect(rich('\\href{ javascript:alert(1)}{\\textbf{x}}')).toBe('<strong>x</strong>');
  });

  it('escapes everything else and never lets markup through', () => {
    expect(rich('<img src=x onerror=alert(1)> & "q"')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(rich('<script>alert(1)</script>')).not.toContain('<script');
    expect(rich('\\textbf{<b>x</b>}')).toBe('<strong>x</strong>');
    expect(rich('$<img src=x onerror=alert(1)>$')).not.toMatch(/<img/);
    expect(rich('$\\href{javascript:alert(1)}{x}$')).not.toContain('href="javascript');
  });

  it('renders symbols and accents as text, and odd input without throwing', () => {
    expect(rich('\\"o \\alpha -- x \\cite{k}')).toBe('ö α – x');
    for (const s of ['{', '}', '\\', '$$', '\\(', '**', '\\textbf{', '{'.repeat(500), '\\href{x}', `${'$a$'.repeat(200)}`, 'x\u202ey'])
      expect(() => rich(s)).not.toThrow();
  });
});

describe('BibTeX export', () => {
  const paper: Paper = {
    id: '2405.01234',
    title: 'A {weird} Title with 100% & $x_1$',
    titleDerived: false,
    abstract: 'Braces } { and \\ backslash ~ ^ # _',
    authors: ['José Núñez', 'Doe, Jane'],
    date: '2024-05-01',
    categories: ['cs.CL'],
    arxivId: '2405.01234',
    sources: [],
  };

  it('escapes LaTeX specials so every brace balances', () => {
    const e = escapeBibtex('{ } \\ % & $ # _ ~ ^');
    expect(e).toBe('\\textbraceleft{} \\textbraceright{} \\textbackslash{} \\% \\& \\$ \\# \\_ \\textasciitilde{} \\textasciicircum{}');
    expect(verbatimBibtex('10.1/a_{b}')).toBe('10.1/a_{b}');
    expect(verbatimBibtex('10.1/a}b{')).toBe('10.1/a%7Db%7B');
  });

  it('keeps math as LaTeX, escaping only what would break the field', () => {
    expect(richBibtex('An $O(\\log^2 t)$ regret bound')).toBe('An $O(\\log^2 t)$ regret bound');
    expect(richBibtex('$\\mathcal{O}(n)$ for 50% & \\(x\\%\\), $$E = mc^2$$')).toBe('$\\mathcal{O}(n)$ for 50\\% \\& $x\\%$, $E = mc^2$');
    // Not math: an escaped dollar, prices; math whose braces do not balance becomes text.
    expect(richBibtex('\\$5 or $5 and $10')).toBe('\\$5 or \\$5 and \\$10');
    expect(richBibtex('a $x}$ b')).toBe('a x b');
    const bib = paperBibtex({ ...paper, title: 'Sorting in $O(n \\log n)$', abstract: 'We show $a_i^2 \\le 1$ & more.' });
    expect(bib).toContain('title         = {{Sorting in $O(n \\log n)$}}');
    expect(bib).toContain('abstract      = {We show $a_i^2 \\le 1$ \\& more.}');
  });

  it('makes a @misc entry with eprint and archivePrefix for an arXiv paper', () => {
    const bib = paperBibtex(paper);
    expect(bib).toMatch(/^@misc\{nunez2024weird,\n/);
    expect(bib).toContain('archivePrefix = {arXiv}');
    expect(bib).toContain('primaryClass  = {cs.CL}');
    expect(bib).toContain('author        = {José Núñez and Doe, Jane}');
    expect(bib).toContain('month         = may,');
    let depth = 0;
    for (const ch of bib) {
      depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('an organization stands in for authors, a venue makes it @article', () => {
    const bib = paperBibtex({ ...paper, arxivId: undefined, authors: [], organization: 'ACME Labs', venue: 'J. Tests' });
    expect(bib).toMatch(/^@article\{/);
    expect(bib).toContain('author   = {{ACME Labs}}');
    expect(bib).toContain('journal  = {J. Tests}');
    expect(bib).not.toContain('eprint');
  });

  // Each unclosed "{" or "\\(" used to scan to the end of the text: 500,000 took minutes. The
  // timeout is a hundred times what it takes now, not a speed target.
  it('renders unclosed groups and formulas of any number in linear time, clipped', { timeout: 20_000 }, () => {
    const out = rich(`A {${'{a'.repeat(250_000)} \\(${'\\(x'.repeat(100_000)}`);
    expect(out.length).toBeLessThan(200_000);
  });

  it('gives KaTeX at most 20,000 characters of TeX a page, then shows formulas as their source', () => {
    const formulas = Array.from({ length: 3_000 }, (_, i) => `$x_{${i}}$`).join(' ');
    const out = rich(formulas);
    const rendered = out.split('class="katex"').length - 1;
    const shown = out.split('<code class="tex">').length - 1;
    expect(rendered + shown).toBe(3_000);
    expect(rendered).toBeLessThan(3_000);
    expect(rendered * 4).toBeLessThanOrEqual(20_000);
    // One budget across a page's calls.
    const budget = mathBudget();
    renderRich(`$${'a'.repeat(1_000)}$ `.repeat(15), budget);
    const rest = renderRich(`$${'b'.repeat(1_000)}$ `.repeat(10), budget).value;
    expect([rest.split('class="katex"').length - 1, rest.split('<code class="tex">').length - 1]).toEqual([5, 5]);
  });
});

