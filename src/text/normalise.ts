/**
 * Plain text from titles and abstracts as sources write them: LaTeX (arXiv), markdown (Hugging
 * Face), HTML/JATS (Crossref), PDF hyphenation and hard-wrapped lines. The original is kept for
 * display; this form is what gets indexed and cut into snippets.
 *
 * One linear scan handles LaTeX, quotes, dashes, ties and whitespace; a few guarded regexes
 * (no nested quantifiers) handle tags, entities and markdown. It runs on every ingested abstract,
 * so speed matters: ~1,200 chars should take a few microseconds.
 */

/** Plain text of `s`: markup removed, symbols as Unicode, whitespace collapsed, NFC. Never throws. */
export function toPlainText(s: string): string {
  let t = s;
  if (t.includes('<')) t = stripTags(t);
  if (t.includes('&')) t = decodeEntities(t);
  t = scan(t);
  if (t.includes('*') || t.includes('_') || t.includes('](')) t = stripMarkdown(t);
  return t;
}

// ---------------------------------------------------------------------------------------------
// HTML

// Inline tags vanish ("H<sub>2</sub>O" -> "H2O"); block tags become a space. Other names, such as
// "<answer>" in an abstract about LLM output formats, are text and stay.
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'big', 'bold', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'inline-formula', 'italic', 'kbd', 'mark', 'math', 'mi', 'mn', 'mo', 'monospace', 'mrow', 'msub',
  'msup', 'mtext', 'q', 's', 'samp', 'sc', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt',
  'u', 'underline', 'var', 'wbr',
]);
const BLOCK_TAGS = new Set([
  'abstract', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'li', 'ol', 'p', 'pre', 'script', 'sec', 'section', 'style', 'table', 'td', 'th', 'title', 'tr',
  'ul',
]);
// Attributes need "=" so that "a<b and c>d" is not taken for a tag.
const TAG =
  /<\/?([a-zA-Z][\w.-]*:)?([a-zA-Z][\w-]*)(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))*\s*\/?>/g;

function stripTags(s: string): string {
  return s.replace(TAG, (tag: string, ns: string | undefined, name: string) => {
    const lower = name.toLowerCase();
    if (INLINE_TAGS.has(lower)) return '';
    // Namespaced tags (jats:, mml:) are always markup.
    return BLOCK_TAGS.has(lower) || ns !== undefined ? ' ' : tag;
  });
}

const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;
const NAMED_ENTITIES = new Map<string, string>([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' '],
  ['ndash', '–'], ['mdash', '—'], ['hellip', '…'], ['lsquo', '‘'], ['rsquo', '’'], ['ldquo', '“'],
  ['rdquo', '”'], ['times', '×'], ['plusmn', '±'], ['le', '≤'], ['ge', '≥'], ['ne', '≠'],
  ['asymp', '≈'], ['deg', '°'], ['micro', 'µ'], ['middot', '·'], ['minus', '−'], ['rarr', '→'],
  ['larr', '←'], ['infin', '∞'], ['copy', '©'], ['reg', '®'], ['trade', '™'], ['sect', '§'],
  ['alpha', 'α'], ['beta', 'β'], ['gamma', 'γ'], ['delta', 'δ'], ['epsilon', 'ε'], ['lambda', 'λ'],
  ['mu', 'μ'], ['pi', 'π'], ['sigma', 'σ'], ['tau', 'τ'], ['theta', 'θ'], ['omega', 'ω'],
]);

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (entity: string, body: string) => {
    if (body.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES.get(body) ?? entity;
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const code = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : entity;
  });
}

// ---------------------------------------------------------------------------------------------
// LaTeX

// Commands that stand for text. Anything not listed here or below is dropped, and its braced
// argument, being an ordinary group, is kept: \textbf{x}, \emph{x}, \mathcal{X}, \text{x} -> x.
const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ',
  eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν',
  xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ',
  upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ',
  Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ',
  Omega: 'Ω',
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', ast: '*', star: '⋆', bullet: '•',
  circ: '∘', oplus: '⊕', otimes: '⊗', odot: '⊙', le: '≤', leq: '≤', leqslant: '≤', ge: '≥',
  geq: '≥', geqslant: '≥', ne: '≠', neq: '≠', approx: '≈', sim: '~', simeq: '≃', cong: '≅',
  equiv: '≡', propto: '∝', ll: '≪', gg: '≫', in: '∈', notin: '∉', ni: '∋', subset: '⊂',
  subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', setminus: '∖', emptyset: '∅',
  varnothing: '∅', forall: '∀', exists: '∃', neg: '¬', lnot: '¬', land: '∧', wedge: '∧',
  lor: '∨', vee: '∨', infty: '∞', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫',
  oint: '∮', sqrt: '√', ell: 'ℓ', hbar: 'ħ', aleph: 'ℵ', prime: '′', top: '⊤', bot: '⊥',
  perp: '⊥', parallel: '∥', angle: '∠', triangle: '△', square: '□',
  to: '→', rightarrow: '→', gets: '←', leftarrow: '←', Rightarrow: '⇒', implies: '⇒',
  Leftarrow: '⇐', Leftrightarrow: '⇔', iff: '⇔', leftrightarrow: '↔', mapsto: '↦',
  longrightarrow: '⟶', uparrow: '↑', downarrow: '↓', langle: '⟨', rangle: '⟩', lceil: '⌈',
  rceil: '⌉', lfloor: '⌊', rfloor: '⌋', vert: '|', lvert: '|', rvert: '|', mid: '|', Vert: '‖',
  lVert: '‖', rVert: '‖', lbrace: '{', rbrace: '}', colon: ':', backslash: '\\',
  ldots: '…', dots: '…', cdots: '…', dotsc: '…', vdots: '⋮',
  log: 'log', ln: 'ln', exp: 'exp', max: 'max', min: 'min', sup: 'sup', inf: 'inf',
  arg: 'arg', argmax: 'argmax', argmin: 'argmin', lim: 'lim', sin: 'sin', cos: 'cos',
  tan: 'tan', det: 'det', dim: 'dim', ker: 'ker', Pr: 'Pr', gcd: 'gcd', mod: 'mod', bmod: 'mod',
  deg: '°', degree: '°', textdegree: '°', dagger: '†', dag: '†', ddagger: '‡', ddag: '‡',
  checkmark: '✓', cmark: '✓', xmark: '✗', S: '§', P: '¶', copyright: '©', textregistered: '®',
  texttrademark: '™', pounds: '£', euro: '€', textmu: 'µ', textbullet: '•',
  textasciitilde: '~', textasciicircum: '^', textbar: '|', textless: '<', textgreater: '>',
  textbackslash: '\\', textendash: '–', textemdash: '—', textquotedbl: '"',
  textquoteleft: "'", textquoteright: "'", textquotedblleft: '"', textquotedblright: '"',
  ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł',
  L: 'Ł', i: 'ı', j: 'ȷ', th: 'þ', TH: 'Þ', dh: 'ð', DH: 'Ð',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX',
  // Macros many papers define for Latin abbreviations.
  eg: 'e.g.', ie: 'i.e.', etal: 'et al.', cf: 'cf.', wrt: 'w.r.t.', vs: 'vs.', etc: 'etc.',
  quad: ' ', qquad: ' ', newline: ' ', linebreak: ' ', par: ' ', item: ' ', space: ' ',
  // Delimiter sizes print nothing themselves.
  left: '', right: '', middle: '', big: '', Big: '', bigg: '', Bigg: '', bigl: '', bigr: '',
  Bigl: '', Bigr: '',
};

// Accents as combining marks; NFC then composes "o" + U+0308 into "ö".
const SYMBOL_ACCENTS = new Map<string, string>([
  ["'", '\u0301'], ['`', '\u0300'], ['^', '\u0302'], ['"', '\u0308'], ['~', '\u0303'],
  ['=', '\u0304'], ['.', '\u0307'],
]);
// Letter-named accents count only before a brace: "\b geometric" is someone's bold macro.
const LETTER_ACCENTS: Record<string, string> = {
  c: '\u0327', u: '\u0306', v: '\u030c', H: '\u030b', k: '\u0328', r: '\u030a', d: '\u0323',
  b: '\u0331', t: '\u0361',
};

/** What a command does with its braced argument. */
type ArgAction =
  | 'drop' // not text: citation keys, labels, colours, link targets
  | 'verbatim' // a URL or path: ties, dashes and underscores stay
  | 'fraction' // numerator/denominator
  | 'unicode'; // \unicode{x2013}
// For \href, \textcolor and kin only the first argument goes; the second is the text and flows
// on as an ordinary group.
const ARG_COMMANDS: Record<ArgAction, string[]> = {
  drop: [
    'cite', 'citep', 'citet', 'citealp', 'citeauthor', 'citeyear', 'ref', 'eqref', 'autoref',
    'cref', 'Cref', 'pageref', 'label', 'color', 'pagecolor', 'vspace', 'hspace',
    'includegraphics', 'begin', 'end', 'href', 'textcolor', 'colorbox', 'hyperlink', 'hypertarget',
  ],
  verbatim: ['url', 'nolinkurl', 'path'],
  fraction: ['frac', 'dfrac', 'tfrac', 'cfrac'],
  unicode: ['unicode'],
};

type Command =
  | { kind: 'text'; text: string }
  | { kind: 'accent'; mark: string }
  | { kind: 'arg'; action: ArgAction };
// One lookup per command name.
const COMMANDS = new Map<string, Command>();
for (const [name, text] of Object.entries(SYMBOLS)) COMMANDS.set(name, { kind: 'text', text });
for (const [name, mark] of Object.entries(LETTER_ACCENTS)) COMMANDS.set(name, { kind: 'accent', mark });
for (const [action, names] of Object.entries(ARG_COMMANDS) as [ArgAction, string[]][]) {
  for (const name of names) COMMANDS.set(name, { kind: 'arg', action });
}

// Escaped non-letters: spacing commands, math delimiters, discretionary hyphens.
const ESCAPES = new Map<string, string>([
  [',', ' '], [';', ' '], [':', ' '], ['>', ' '], [' ', ' '], ['\\', ' '], ['!', ''], ['/', ''],
  ['-', ''], ['@', ''], ['(', ''], [')', ''], ['[', ''], [']', ''], ['|', '‖'],
]);

// After "X- " these words mark a suspended hyphen ("zero- and low-resource"), kept as written.
const SUSPENDED_BEFORE = ['and', 'or', 'nor', 'to', 'as', 'versus', 'vs'];
// "self- attention" split by a PDF line break is a compound, not a syllable break.
const COMPOUND_PREFIXES = new Set(['self', 'non', 'semi', 'cross', 'zero', 'few', 'state', 'end']);
// Nor is a hyphen after an acronym or name ("AI- generated", "LoRA- based").
const ACRONYM = /^.+[A-Z]/;

// How far the scanner looks for a closing brace or bracket, and back for a URL scheme: bounds
// the cost of unbalanced or pathological input.
const MAX_ARG = 1000;
const MAX_URL = 300;

// Characters the scanner stops at; the runs between are copied whole (a regex finds the next
// stop about twice as fast as a charCodeAt loop). Until the first non-ASCII character it stops at
// every one, to learn whether NFC is needed; after that only at the spaces and invisibles below.
// A lone ASCII space is copied: doubles left by dropped markup are squeezed at the end.
const STOP_ASCII = /[\\{}$~`'\-\x00-\x1f\x7f-\uffff]/g;
const STOP = /[\\{}$~`'\-\x00-\x1f\x7f\u00a0\u00ad\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g;

// isSpace and isInvisible must agree with STOP.
function isSpace(c: number): boolean {
  return (
    c <= 32 || c === 127 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}
// Soft hyphens and zero-width spaces are PDF/web debris inside words.
function isInvisible(c: number): boolean {
  return c === 0xad || c === 0x200b || c === 0x2060 || c === 0xfeff;
}
function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isLetter(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !isSpace(c));
}
function isAlnum(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57);
}

/** Index of the brace closing the group opened at `open`, or -1 (unbalanced or too long). */
function closingBrace(s: string, open: number): number {
  const end = Math.min(s.length, open + MAX_ARG);
  let depth = 0;
  for (let k = open; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 92 /* \ */) k++;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return k;
  }
  return -1;
}

/** Whether the whitespace-free token around `i` is a URL (ties and dashes in it are literal). */
function inUrl(s: string, i: number): boolean {
  for (let k = i - 1; k >= 2 && k > i - MAX_URL && !isSpace(s.charCodeAt(k)); k--) {
    if (s.charCodeAt(k) === 47 && s.charCodeAt(k - 1) === 47 && s.charCodeAt(k - 2) === 58) return true;
  }
  return false;
}

/** Whether the word starting at `j` is one of `words`. */
function wordIs(s: string, j: number, words: readonly string[]): boolean {
  for (const w of words) if (s.startsWith(w, j) && !isAlnum(s.charCodeAt(j + w.length))) return true;
  return false;
}

function scan(s: string): string {
  const n = s.length;
  let out = '';
  let mathEnd = -1; // index of the "$" or "$$" closing the current formula; -1 outside math
  let mathDelim = 0; // its length
  let noCloserAfter = n; // a "$" after here has no partner: an earlier search found none
  let dropped = false; // a citation or macro went: tidy the space it leaves before punctuation
  const fractionEnds: number[] = []; // closing braces of \frac numerators, innermost last
  let nonAscii = false; // in the input or from an accent: NFC needed
  let run = 0;
  let i = 0;

  for (;;) {
    const stop = nonAscii ? STOP : STOP_ASCII;
    stop.lastIndex = i;
    if (!stop.test(s)) break;
    i = stop.lastIndex - 1;
    const c = s.charCodeAt(i);
    if (c >= 128 && !isSpace(c) && !isInvisible(c)) {
      nonAscii = true;
      i++;
      continue;
    }
    // Spaces just inside "$ O(n) $" are not text. (Trimming `out` instead copied all of it at
    // every formula: quadratic.)
    if (i > run) out += i === mathEnd ? s.slice(run, i).trimEnd() : s.slice(run, i);

    if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j !== mathEnd) out += ' ';
      i = j;
    } else if (isInvisible(c)) {
      // A soft hyphen ends a line as often as not: it joins across the break.
      i++;
      if (c === 0xad) while (i < n && isSpace(s.charCodeAt(i))) i++;
    } else if (c === 92 /* \ */) {
      i = command(i);
    } else if (c === 123 /* { */) {
      i++;
    } else if (c === 125 /* } */) {
      if (fractionEnds.length > 0 && fractionEnds[fractionEnds.length - 1] === i) {
        fractionEnds.pop();
        out += '/';
      }
      i++;
    } else if (c === 36 /* $ */) {
      if (i === mathEnd) {
        i += mathDelim;
        mathEnd = -1;
      } else if (mathEnd !== -1) {
        out += '$';
        i++;
      } else {
        const display = s.charCodeAt(i + 1) === 36;
        mathDelim = display ? 2 : 1;
        mathEnd = display ? s.indexOf('$$', i + 2) : inlineMathEnd(i);
        if (mathEnd === -1) {
          out += '$';
          i++;
        } else {
          i += mathDelim;
          while (i < mathEnd && isSpace(s.charCodeAt(i))) i++;
        }
      }
    } else if (c === 126 /* ~ */) {
      // A tie joins two words ("Liu~\cite", "e.g.~8"); elsewhere "~" means "about" ("(~1%)").
      const prev = i > 0 ? s.charCodeAt(i - 1) : 32;
      const tie = !isSpace(prev) && prev !== 40 && i + 1 < n && !isSpace(s.charCodeAt(i + 1));
      out += tie && !inUrl(s, i) ? ' ' : '~';
      i++;
    } else if (c === 96 /* ` */) {
      const pair = s.charCodeAt(i + 1) === 96;
      out += pair ? '"' : "'";
      i += pair ? 2 : 1;
    } else if (c === 39 /* ' */) {
      const pair = mathEnd === -1 && s.charCodeAt(i + 1) === 39;
      out += pair ? '"' : "'";
      i += pair ? 2 : 1;
    } else {
      i = hyphen(i);
    }
    run = i;
  }
  if (run < n) out += s.slice(run);

  out = out.trim();
  if (out.includes('  ')) out = out.replace(/ {2,}/g, ' ');
  if (dropped) out = out.replace(/ ([.,;:)])/g, '$1');
  if (out.includes('^∘')) out = out.replaceAll('^∘', '°');
  return nonAscii ? out.normalize('NFC') : out;

  /**
   * The "$" closing an inline formula opened at `i`, or -1. A closing "$" after a space must not
   * be followed by a digit: "costs $5 and $10" holds dollar signs, while "$x$$y$", "$\sim$10"
   * and "$ O(n) $" are formulas.
   */
  function inlineMathEnd(i: number): number {
    if (i >= noCloserAfter) return -1;
    for (let k = s.indexOf('$', i + 1); k !== -1; k = s.indexOf('$', k + 1)) {
      const before = s.charCodeAt(k - 1);
      const after = s.charCodeAt(k + 1);
      if (before !== 92 /* \ */ && (!isSpace(before) || !(after >= 48 && after <= 57))) return k;
    }
    noCloserAfter = i;
    return -1;
  }

  /** Handles the backslash at `i`; returns the index after what it consumed. */
  function command(i: number): number {
    let j = i + 1;
    if (j >= n) return j;
    const d = s.charCodeAt(j);
    if (!isAsciiLetter(d)) {
      const ch = s[j]!;
      const mark = SYMBOL_ACCENTS.get(ch);
      if (mark !== undefined) return accent(j + 1, mark, ch);
      if (isSpace(d)) {
        out += ' ';
        return j + 1;
      }
      out += ESCAPES.get(ch) ?? ch;
      return j + 1;
    }
    while (j < n && isAsciiLetter(s.charCodeAt(j))) j++;
    const cmd = COMMANDS.get(s.slice(i + 1, j));
    // Unknown commands go; a braced argument after them stays as an ordinary group. One with no
    // argument (a paper's own \ourmethod) leaves a hole: "We present \ourmethod, a".
    if (cmd === undefined) {
      if (s.charCodeAt(j) !== 123 || s.charCodeAt(j + 1) === 125) dropped = true;
      return j;
    }
    if (cmd.kind === 'text') {
      out += cmd.text;
      return j;
    }
    if (cmd.kind === 'accent') return s.charCodeAt(j) === 123 ? accent(j, cmd.mark, '') : j;

    // Optional arguments (\color[RGB]{...}) are never text.
    if (s.charCodeAt(j) === 91 /* [ */) {
      const close = s.slice(j, j + MAX_ARG).indexOf(']');
      if (close !== -1) j += close + 1;
    }
    const close = s.charCodeAt(j) === 123 ? closingBrace(s, j) : -1;
    if (close === -1) return j;
    switch (cmd.action) {
      case 'drop':
        dropped = true;
        break;
      case 'fraction':
        fractionEnds.push(close);
        return j;
      case 'unicode':
        out += unicodeArg(s.slice(j + 1, close));
        break;
      case 'verbatim':
        out += s.slice(j + 1, close);
        break;
    }
    return close + 1;
  }

  /** Applies an accent to the letter or group at `j`: \"o, \"{o}, \'{\i}, \c{c}. */
  function accent(j: number, mark: string, symbol: string): number {
    let base: string;
    let next: number;
    if (s.charCodeAt(j) === 123) {
      const close = closingBrace(s, j);
      if (close === -1) return j;
      base = s.slice(j + 1, close).replace(/\\([ij])|[{}\s]/g, '$1');
      next = close + 1;
    } else if (s.charCodeAt(j) === 92 && (s[j + 1] === 'i' || s[j + 1] === 'j')) {
      base = s[j + 1]!;
      next = j + 2;
    } else if (j < n && isLetter(s.charCodeAt(j))) {
      base = s[j]!;
      next = j + 1;
    } else {
      return j;
    }
    // \~{} and \^{} are the characters themselves.
    nonAscii = true;
    out += base.length > 0 ? base[0] + mark + base.slice(1) : symbol;
    return next;
  }

  /**
   * Handles the dash run at `i`: "--" and "---" become en and em dashes; a hyphen before a
   * line break is kept and joined (arXiv wraps at spaces, so "mixture-of-\nexperts" is one
   * word); a hyphen before a space is PDF hyphenation and goes ("dif- fusion" -> "diffusion")
   * unless it is suspended ("zero- and low-resource").
   */
  function hyphen(i: number): number {
    let j = i;
    while (j < n && s.charCodeAt(j) === 45) j++;
    const count = j - i;
    if (count > 1) {
      const dash = mathEnd === -1 && count <= 3 && !inUrl(s, i);
      out += dash ? (count === 2 ? '–' : '—') : s.slice(i, j);
      return j;
    }
    if (i === 0 || !isLetter(s.charCodeAt(i - 1)) || j >= n || !isSpace(s.charCodeAt(j))) {
      out += '-';
      return j;
    }
    let k = j;
    let lineBreak = false;
    while (k < n && isSpace(s.charCodeAt(k))) {
      if (s.charCodeAt(k) === 10) lineBreak = true;
      k++;
    }
    if (wordIs(s, k, SUSPENDED_BEFORE)) {
      out += '-';
      return j;
    }
    if (lineBreak) {
      out += '-';
      return k;
    }
    const next = s.charCodeAt(k);
    if (next < 97 || next > 122) {
      out += '-';
      return j;
    }
    let w = i - 1;
    while (w > 0 && isAsciiLetter(s.charCodeAt(w - 1))) w--;
    const prefix = s.slice(w, i);
    if (COMPOUND_PREFIXES.has(prefix.toLowerCase()) || ACRONYM.test(prefix)) out += '-';
    return k;
  }
}

/** \unicode{x2013} or \unicode{8211} -> the character. */
function unicodeArg(arg: string): string {
  const hex = arg.charCodeAt(0) === 120 || arg.charCodeAt(0) === 88;
  const code = parseInt(hex ? arg.slice(1) : arg, hex ? 16 : 10);
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : '';
}

// ---------------------------------------------------------------------------------------------
// Markdown

const MD_LINK = /!?\[([^[\]]*)\]\([^()\s]*\)/g;
const MD_STRONG = /\*\*(?=[^\s*])([^*]*?[^\s*])\*\*/g;
// Single-character emphasis only where it is clearly markup: delimiters at word edges, so
// "G_stack", "snake_case_names" and "a*b" are untouched. "__x__" is left alone: in abstracts it
// is more often Python's __init__ than bold.
const emphasis = (d: string): RegExp =>
  new RegExp(`(^|[\\s(\\["'])${d}(?=[^\\s${d}])([^${d}]*?[^\\s${d}])${d}(?=$|[\\s).,;:!?\\]"'])`, 'g');
const MD_EM_STAR = emphasis('\\*');
const MD_EM_UNDERSCORE = emphasis('_');

function stripMarkdown(s: string): string {
  let t = s;
  if (t.includes('](')) t = t.replace(MD_LINK, '$1');
  if (t.includes('*')) t = t.replace(MD_STRONG, '$1').replace(MD_EM_STAR, '$1$2');
  if (t.includes('_')) t = t.replace(MD_EM_UNDERSCORE, '$1$2');
  return t;
}
