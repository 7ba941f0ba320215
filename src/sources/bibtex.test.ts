import { describe, expect, it } from 'vitest';
import { bibtexParser as parser, decodeAccents } from './bibtex.js';
import { FIXTURES, SEEDS_MISSING, SEEDS_NOTE, context, fixture, parseAll, seed } from './test-support/fixture-files.js';

const parse = (text: string) => parseAll(parser, text);
const one = (text: string) => {
  const { records, skipped } = parse(text);
  expect(skipped).toEqual([]);
  expect(records).toHaveLength(1);
  return records[0]!;
};

describe('bibtex parser', () => {
  it('parses the fixture: macros, comments, preamble and outside text are not papers', () => {
    const { records, skipped } = parse(fixture(FIXTURES.bibtex));
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([15, 30, 41, 48]);
    expect(records.some((r) => r.title?.includes('Commented Out'))).toBe(false);

    expect(records[0]).toMatchObject({
      title: 'Sparse Routing for {Mixture-of-Experts} Language Models',
      authors: ['Jörg Müller', 'María García', 'François Lefèvre'],
      date: '2021-06-01',
      doi: '10.5555/jir.2021.0042',
      venue: 'Journal of Invented Results',
    });
    expect(records[0]!.abstract).toMatch(/^We study how tokens are routed in \$\\textbf\{M\}\$ixture-of-\$\\textbf\{E\}\$xperts\n/);
    expect(records[0]!.abstract).toMatch(/The Straße benchmark is used throughout\.$/);

    expect(records[1]).toMatchObject({
      title: 'Retrieval {Heads} for Long Contexts: A Study of Çağrı Sets',
      abstract: 'Long-context models attend to distant tokens through a few retrieval heads. We locate them with $G_{\\text{ret}}$ probes.',
      authors: ['Ayşe Öztürk', 'Stefan Weiß', 'Open Research Lab'],
      date: '2023-01-01',
      arxivId: '2305.01234',
      arxivVersion: 2,
      categories: ['cs.CL'],
      venue: 'Proceedings of the Annual Meeting of the Association for Computational Linguistics',
    });

    expect(records[2]).toMatchObject({ arxivId: '2403.04567', arxivVersion: 1, url: 'https://arxiv.org/abs/2403.04567v1' });
    expect(records[2]!.title).toBeUndefined();

    expect(records[3]).toMatchObject({
      title: 'Quoted "Words" and Études in Titles',
      authors: ['Priya Shah'],
      date: '2024-03-07',
      url: 'https://example.org/shah',
    });
  });

  it('reads case-insensitive types and fields, odd keys, trailing commas, # and % comments', () => {
    const r = one(`@STRING{ Pre = "Large " }
@InProceedings{lee:2020-a_b/c.d,
  % a line comment between fields
  TiTlE = pre # {Models} # " of " # "{Text}",
  ABSTRACT = {An abstract.},
  Pages = {3--9},
  Booktitle = undefinedvenue,
}`);
    expect(r).toMatchObject({ title: 'Large Models of {Text}', abstract: 'An abstract.', venue: 'undefinedvenue' });
  });

  it('splits authors at a top-level "and" and reorders "Last, First"', () => {
    const r = one(`@misc{k, title = {T}, author = {de la Fuente, Jr, Ana and {Barnes and Noble} and Bj{\\o}rn {\\AA}str{\\"o}m and Smith,
      John Q. and others}}`);
    expect(r.authors).toEqual(['Ana de la Fuente Jr', 'Barnes and Noble', 'Bjørn Åström', 'John Q. Smith']);
  });

  it.each([
    ['year = 2020', '2020-01-01'],
    ['year = {2020}, month = mar', '2020-03-01'],
    ['year = {2020}, month = {3}', '2020-03-01'],
    ['year = {2020}, month = {Sept}', '2020-09-01'],
    ['year = {2020}, month = {Spring}', '2020-01-01'],
    ['date = {2019-11-05/2019-11-07}, year = 2018', '2019-11-05'],
    ['month = jan', undefined],
  ])('dates %s as %s', (fields, date) => {
    expect(one(`@article{k, title = {T}, ${fields}}`).date).toBe(date);
  });

  it('finds arXiv ids in DBLP and Google Scholar exports, which are not venues', () => {
    const dblp = one('@article{k, title = {T}, journal = {CoRR}, volume = {abs/2301.00001}, eprinttype = {arXiv}, eprint = {2301.00001}}');
    expect(dblp).toMatchObject({ arxivId: '2301.00001' });
    expect(dblp.venue).toBeUndefined();
    const scholar = one('@article{k, title = {T}, journal = {arXiv preprint arXiv:2302.00002}}');
    expect(scholar).toMatchObject({ arxivId: '2302.00002' });
    expect(scholar.venue).toBeUndefined();
    expect(one('@article{k, title = {T}, eprint = {2303.00003}}').arxivId).toBeUndefined();
  });

  it('reports malformed entries at their line and resumes at the next @ starting a line', () => {
    const text = `@article{good1, title = {One}, abstract = {First.}}

@article{extra, title = {Never {closed}, abstract = {Lost.}
}
@article{open, abstract = {An {open brace
@article{good2, title = {Two}}
@article{title = {No key}}
@article{nocomma, title = {X} abstract = {Y}}
@article{notitle, author = {Doe, Jane}, year = 2020}
@misc{good3, abstract = "Three."}
@article{cut, title = {Unterminated`;
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 100));
    expect(records.map((r) => [r.line, r.title ?? r.abstract])).toEqual([
      [100, 'One'],
      [105, 'Two'],
      [109, 'Three.'],
    ]);
    expect(skipped).toEqual([
      { line: 102, reason: 'entry "extra", after field "title": not closed before the next entry (unbalanced braces?)' },
      { line: 104, reason: 'entry "open", field "abstract": unbalanced braces (the value never ends)' },
      { line: 106, reason: 'entry has no key' },
      { line: 107, reason: 'entry "nocomma", after field "title": expected ",", found "a"' },
      { line: 108, reason: 'entry "notitle" has neither title nor abstract' },
      { line: 110, reason: 'entry "cut", field "title": unbalanced braces (the value never ends)' },
    ]);
  });

  it('bounds macro expansion: nested @string definitions are reported, not expanded into gigabytes', () => {
    let text = '@string{s0 = "xxxxxxxxxxxxxxxx"}\n';
    for (let i = 1; i <= 10; i++) text += `@string{s${i} = ${Array(8).fill(`s${i - 1}`).join(' # ')}}\n`;
    text += '@article{bomb, title = {Bomb}, abstract = s10 # s10}\n@article{fine, title = {A Fine Entry After The Bomb}}\n';
    const { records, skipped } = parseAll(parser, text);
    // s6 would be 16 × 8⁶ characters: reported; s7 to s10 use a skipped macro and are skipped too,
    // and so is the entry using s10, rather than keeping the macros' names as its abstract.
    expect(skipped.map((s) => s.line)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(skipped[0]?.reason).toBe('@string: value longer than 1,000,000 characters (nested @string macros?)');
    expect(skipped[5]?.reason).toBe('entry "bomb", field "abstract": uses @string "s10", which was skipped');
    expect(records.map((r) => [r.line, r.title])).toEqual([[13, 'A Fine Entry After The Bomb']]);
  });

  it('ignores @ signs in text outside entries', () => {
    const { records, skipped } = parse('Mail me@example.org or @ work.\n@article{k, title = {T}}');
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.title)).toEqual(['T']);
  });

  it('detects its own fixture and not the other formats', () => {
    expect(parser.detect(fixture(FIXTURES.bibtex), 'refs.txt')).toBeGreaterThanOrEqual(0.9);
    for (const [format, name] of Object.entries(FIXTURES)) {
      if (format !== 'bibtex') expect(parser.detect(fixture(name), name), name).toBe(0);
    }
  });
});

describe('decodeAccents', () => {
  it.each([
    ['{\\"o}', 'ö'],
    ['\\"{o}', 'ö'],
    ['\\"o', 'ö'],
    ["{\\'e}", 'é'],
    ["\\'{\\i}", 'í'],
    ['\\c{c}', 'ç'],
    ['{\\c c}', 'ç'],
    ['{\\ss}', 'ß'],
    ['Stra\\ss e', 'Straße'],
    ['\\o{}rn', 'ørn'],
    ['\\v{S}koda', 'Škoda'],
    ['Erd\\H{o}s', 'Erdős'],
    ['\\`a la', 'à la'],
  ])('decodes %s as %s', (input, output) => {
    expect(decodeAccents(input)).toBe(output);
  });

  it('leaves other LaTeX as written', () => {
    const latex = '$\\textbf{M}$ and $\\vec{v}\\in\\mathbb{R}$, \\cite{x}, \\ldots, \\left( \\omega \\right)';
    expect(decodeAccents(latex)).toBe(latex);
  });
});

describe.skipIf(SEEDS_MISSING)(`bibtex detect on the seed listings ${SEEDS_NOTE}`, () => {
  it.each(['000', '001', '002', '003'])('scores seed %s 0', (prefix) => {
    expect(parser.detect(seed(prefix), `${prefix}.txt`)).toBe(0);
  });
});
