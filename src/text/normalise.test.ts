import { describe, expect, it } from 'vitest';
import { toPlainText } from './normalise.js';

const cases = (rows: [string, string][]) => rows.map(([input, plain]) => ({ input, plain }));

describe('toPlainText', () => {
  describe('LaTeX seen in real abstracts', () => {
    it.each(
      cases([
        [
          '$\\textbf{M}$agn$\\textbf{I}$tude-based $\\textbf{G}$radient $\\textbf{U}$pdating (\\textbf{MIGU})',
          'MagnItude-based Gradient Updating (MIGU)',
        ],
        ['we introduce $\\textbf{MIGU}$ ($\\textbf{M}$agn', 'we introduce MIGU (Magn'],
        ['$G_{\\text{stack}}$', 'G_stack'],
        ['called $G_{\\text{stack}}$, exhibits', 'called G_stack, exhibits'],
        ['\\href{https://x.y}{our code}', 'our code'],
        ['at $\\href{https://llm-stacking.github.io/}{https://llm-stacking.github.io/}$.', 'at https://llm-stacking.github.io/.'],
        ['Code is available at $\\href{https://github.com/q/T}{this\\,repo}$.', 'Code is available at this repo.'],
        ['\\url{https://github.com/lwCVer/RRSHID}', 'https://github.com/lwCVer/RRSHID'],
        ['the top $K$ routed experts', 'the top K routed experts'],
        ['top-$k$ routing', 'top-k routing'],
        ["in an ``addition'' manner", 'in an "addition" manner'],
        ['three critical $\\underline{\\textit{O}}$bstacles: ($\\textit{O}$1)', 'three critical Obstacles: (O1)'],
        ['resulting in a 54.6\\% speedup', 'resulting in a 54.6% speedup'],
        ['multiple LLM--RM combinations', 'multiple LLM–RM combinations'],
        ['cropped and stretched --- images', 'cropped and stretched — images'],
        ['up to a **28$\\times$** speed-up', 'up to a 28× speed-up'],
        ['2.16$\\times$$\\sim$$2.50\\times$ faster', '2.16×~2.50× faster'],
        ['Biofouling$\\unicode{x2013}$communities', 'Biofouling–communities'],
        ['360{\\deg} rotation', '360° rotation'],
        ['AUC@20\\textdegree, highlighting', 'AUC@20°, highlighting'],
        ['$90^\\circ$ and $90^{\\circ}$', '90° and 90°'],
        ['PM\\textsuperscript{4}Bench', 'PM4Bench'],
        ['strategies (\\eg, average pool) and \\ie, more', 'strategies (e.g., average pool) and i.e., more'],
        ['benchmark~\\cite{yang2022openood}. Our approach', 'benchmark. Our approach'],
        ['Large~\\cite{sd3} and GPT4o~\\citep[p.~3]{gpt4o} with', 'Large and GPT4o with'],
        ['\\textcolor{red}{https://github.com/x/y}', 'https://github.com/x/y'],
        ['\\emph{\\textcolor{magenta}{GitHub}}', 'GitHub'],
        ['{\\color[RGB]{175,36,67}{LCLM-Horizon}}', 'LCLM-Horizon'],
        ['two metrics: {\\it target similarity} and {\\em X}', 'two metrics: target similarity and X'],
        ['named\n\\b geometric \\b score-based', 'named geometric score-based'],
        ['We present \\ourmethod{}, a novel approach', 'We present, a novel approach'],
        ['\\ModelName~significantly outperforms', 'significantly outperforms'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('accents and escapes', () => {
    it.each(
      cases([
        ['{\\"o}', 'ö'],
        ['\\"{o}', 'ö'],
        ["\\'e", 'é'],
        ['\\c{c}', 'ç'],
        ['{\\ss}', 'ß'],
        ['\\~n', 'ñ'],
        ['Do\\~nana', 'Doñana'],
        ["\\'{\\i} and \\'\\i", 'í and í'],
        ['F\\`ux\\`i', 'Fùxì'],
        ["d\\'ej\\`a vu, vis-\\`a-vis", 'déjà vu, vis-à-vis'],
        ['Karhunen-Lo\\`eve', 'Karhunen-Loève'],
        ['Bj{\\o}ntegaard, \\AA{}ngstr\\"om', 'Bjøntegaard, Ångström'],
        ['\\v{S}koda \\H{o} \\u{a} \\k{a} \\r{u}', 'Škoda ő ă ą ů'],
        ['\\~{} and \\^{}', '~ and ^'],
        ['\\% \\& \\_ \\# \\$ \\{ \\}', '% & _ # $ { }'],
        ['a\\,b a\\;b a\\ b a\\\\b', 'a b a b a b a b'],
        ['co\\-operate', 'cooperate'],
        // Decomposed input composes.
        ['Go\u0308del', 'Gödel'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('math', () => {
    it.each(
      cases([
        ['$\\alpha$, $\\beta$ and $\\Omega$', 'α, β and Ω'],
        ['$3\\times$ faster', '3× faster'],
        ['$n \\le m$, $x \\geq 0$, $a \\neq b$', 'n ≤ m, x ≥ 0, a ≠ b'],
        ['$\\sim$50\\% and $\\approx 2$', '~50% and ≈ 2'],
        ['$O(n^{2})$ and $10^{-3}$', 'O(n^2) and 10^-3'],
        ['$x_{i,j}$ and $\\infty$', 'x_i,j and ∞'],
        ['$\\mathrm{x}$, $\\mathcal{X}$, $\\mathbf{x}$, \\texttt{x}, \\textsc{x}', 'x, X, x, x, x'],
        ['$\\frac{a}{b}$ and $\\frac{\\frac{1}{2}}{c}$', 'a/b and 1/2/c'],
        ['$\\sqrt{d}$ and $\\log n$', '√d and log n'],
        ['$\\pm 0.5$ and $\\rightarrow$', '± 0.5 and →'],
        ['$\\left( x \\right)$', '( x )'],
        ['$\\mathbb{R}^{d}$', 'R^d'],
        ["$f''(x)$", "f''(x)"],
        ['$$E = mc^2$$', 'E = mc^2'],
        ['complexity $ O(n) $, and $ x $.', 'complexity O(n), and x.'],
        ['\\(x\\) and \\[y\\]', 'x and y'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('unknown commands', () => {
    it('drops the command and keeps its braced argument', () => {
      expect(toPlainText('\\foo{kept} \\bar{x} \\baz')).toBe('kept x');
      expect(toPlainText('\\textbf{\\textit{nested \\emph{deeply}}}')).toBe('nested deeply');
    });
    it('drops environment names', () => {
      expect(toPlainText('\\begin{itemize}\\item one \\item two\\end{itemize}')).toBe('one two');
    });
  });

  describe('dollar signs that are not math', () => {
    it.each(
      cases([
        ['costs $5 million', 'costs $5 million'],
        ['between $48 and $74 per voter', 'between $48 and $74 per voter'],
        ['a $ b', 'a $ b'],
        ['\\$5 and \\$6', '$5 and $6'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('ties and tildes', () => {
    it.each(
      cases([
        ['x~y', 'x y'],
        ['e.g.~8-64 GPUs', 'e.g. 8-64 GPUs'],
        ['module~(APO)', 'module (APO)'],
        ['proportions (~1%) and ~20% more', 'proportions (~1%) and ~20% more'],
        ['94% ~ 96% accuracy', '94% ~ 96% accuracy'],
        ['https://www.robots.ox.ac.uk/~vgg/research/', 'https://www.robots.ox.ac.uk/~vgg/research/'],
        ['\\url{https://x.y/~a_b--c}', 'https://x.y/~a_b--c'],
        ['see https://x.y/a--b', 'see https://x.y/a--b'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('hyphenation and line breaks', () => {
    it.each(
      cases([
        ['discrete dif- fusion models', 'discrete diffusion models'],
        ['significant improve- ment over', 'significant improvement over'],
        ['Sec- ond, we investigate', 'Second, we investigate'],
        ['parameter- or memory-efficient', 'parameter- or memory-efficient'],
        ['zero- and low-resource', 'zero- and low-resource'],
        ['data- and compute-expensive', 'data- and compute-expensive'],
        ['a low- to high-density framework', 'a low- to high-density framework'],
        ['self- attention and non- linear maps', 'self-attention and non-linear maps'],
        ['AI- generated data and LoRA- enhanced', 'AI-generated data and LoRA-enhanced'],
        ['a new state-of-the-\nart method', 'a new state-of-the-art method'],
        ['sparse mixture-of-\nexperts layers', 'sparse mixture-of-experts layers'],
        ['pre-\ntraining', 'pre-training'],
        ['both low- and\nhigh-resolution MLLMs', 'both low- and high-resolution MLLMs'],
        ['semantic labeling and high-\nand low-level planning', 'semantic labeling and high- and low-level planning'],
        ['multi -\nscales', 'multi - scales'],
        ['edited --\ncropped', 'edited – cropped'],
        ['Dice score of 97.80% +/-\n0.93%', 'Dice score of 97.80% +/- 0.93%'],
        ['Sensor simulation is pivotal for scalable\nvalidation', 'Sensor simulation is pivotal for scalable validation'],
        ['dif\u00adfusion and dif\u00ad\nfusion', 'diffusion and diffusion'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('markdown', () => {
    it.each(
      cases([
        ['**L**arge **La**nguage Model Verified Re**trieval**', 'Large Language Model Verified Retrieval'],
        ['we propose **LLatrieval** (**L**arge', 'we propose LLatrieval (Large'],
        ['we introduce **Roads\nto Rome (R2R)**, a router', 'we introduce Roads to Rome (R2R), a router'],
        ['see [our code](https://x.y/a_b) and ![a figure](f.png)', 'see our code and a figure'],
        ['tokens (*misalignment*) or *Domain Guidance*, a method', 'tokens (misalignment) or Domain Guidance, a method'],
        ['an _italic_ word', 'an italic word'],
        ['G_stack, snake_case_names, a*b and x * y * z', 'G_stack, snake_case_names, a*b and x * y * z'],
        ['__init__ and p* and q*', '__init__ and p* and q*'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
  });

  describe('HTML', () => {
    it.each(
      cases([
        ['A &amp; B, x &lt; y, &quot;q&quot; and &#8211; &#x2014;', 'A & B, x < y, "q" and – —'],
        ['&lt;b&gt; stays text', '<b> stays text'],
        ['<b>bold</b>, <i>it</i>, H<sub>2</sub>O, x<sup>2</sup>', 'bold, it, H2O, x2'],
        ['<p>One.</p><p>Two.</p>', 'One. Two.'],
        ['<jats:p>Crossref <jats:italic>style</jats:italic></jats:p>', 'Crossref style'],
        ['<a href="https://x.y">link</a>', 'link'],
        ['a<b and c>d', 'a<b and c>d'],
        ['outputs <answer>42</answer> tags', 'outputs <answer>42</answer> tags'],
        ['shorter responses (<5,000 characters) were', 'shorter responses (<5,000 characters) were'],
        ['&bogus; &#0; &#xD800;', '&bogus; &#0; &#xD800;'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });
    it('keeps script text as inert plain text', () => {
      expect(toPlainText('a <script>alert(1)</script> b')).toBe('a alert(1) b');
    });
  });

  describe('whitespace', () => {
    it('collapses all kinds of whitespace and trims', () => {
      expect(toPlainText('  a\tb\r\n\nc\u00a0d\u2009e\u3000f  ')).toBe('a b c d e f');
    });
    it('drops zero-width characters but keeps emoji joiners', () => {
      expect(toPlainText('zero\u200bwidth \ufeffBOM')).toBe('zerowidth BOM');
      expect(toPlainText('family 👨\u200d👩\u200d👧 ok')).toBe('family 👨\u200d👩\u200d👧 ok');
    });
    it('treats control characters as spaces', () => {
      expect(toPlainText('a\u0000b\u0007c\u007fd')).toBe('a b c d');
    });
  });

  describe('adversarial input never throws and stays sensible', () => {
    it.each(
      cases([
        ['', ''],
        ['   ', ''],
        ['\\', ''],
        ['trailing \\', 'trailing'],
        ["\\'", ''],
        ['\\textbf{x', 'x'],
        ['\\href{https://x.y', 'https://x.y'],
        ['\\frac{a', 'a'],
        ['}}} {{{ x', 'x'],
        ['$', '$'],
        ['$$', '$$'],
        ['$$ $$', ''],
        ['$x', '$x'],
        ['{{{{{{{{{{deep}}}}}}}}}}', 'deep'],
        ['emoji 🚀 and 中文 text', 'emoji 🚀 and 中文 text'],
        ['\\"{} \\c{}', '"'],
        ['**', '**'],
        ['[](', '[]('],
        ['&', '&'],
        ['<', '<'],
      ]),
    )('$input', ({ input, plain }) => {
      expect(toPlainText(input)).toBe(plain);
    });

    it('handles 10 kB inputs of every shape quickly', () => {
      const shapes = [
        'word '.repeat(2000),
        '\\textbf{'.repeat(1250),
        '}'.repeat(10_000),
        '{'.repeat(10_000),
        '$'.repeat(10_000),
        '$5 '.repeat(3300),
        '~'.repeat(10_000),
        'a~'.repeat(5000),
        '-'.repeat(10_000),
        'a- '.repeat(3300),
        '\\href{'.repeat(1400),
        '\\color['.repeat(1400),
        '\\"'.repeat(5000),
        '**a'.repeat(3300),
        '_a '.repeat(3300),
        '*'.repeat(10_000),
        '<b '.repeat(3300),
        '&#'.repeat(5000),
        '[a]('.repeat(2500),
        '\u00ad'.repeat(10_000),
        '🚀'.repeat(5000),
        'https://x.y/'.repeat(800) + '~--'.repeat(300),
      ];
      // A quadratic blow-up on these would show as the test timing out; no clock is read here.
      for (const s of shapes) {
        const plain = toPlainText(s);
        expect(typeof plain).toBe('string');
        expect(plain.length).toBeLessThanOrEqual(s.length);
      }
    });
  });

  it('is stable on its own output', () => {
    const inputs = [
      'We propose $\\textbf{MIGU}$ (\\textbf{M}agnitude-based) with $O(n^{2})$ cost, ~20% fewer, \\href{https://x.y}{code}.',
      'Large language models ``are\'\' state-of-the-\nart at dif- fusion &amp; more; zero- and low-resource.',
      '**Bold** and [a link](https://x.y), G_stack, snake_case, (~1%) costs $5.',
    ];
    for (const input of inputs) {
      const once = toPlainText(input);
      expect(toPlainText(once)).toBe(once);
    }
  });

  // Adversarial input: each case took over a minute before it was made linear and takes
  // milliseconds now. The timeout is a hundred times the fixed cost, not a speed target.
  it('is linear in the number of formulas after a long text (each used to copy all the output)', { timeout: 20_000 }, () => {
    const text = `${'We study sparse routing. '.repeat(36_000)}${'$x '.repeat(12_000)}`;
    expect(toPlainText(text).length).toBeGreaterThan(900_000);
  });
});

