/**
 * A display title for a paper known only by its abstract (some listings give no title).
 *
 * In order of preference:
 *  1. the name the abstract introduces ("we propose CartesianMoE, which …", "a benchmark named
 *     Flames", "Hyperparameter Aware Generation (HAG)"), with a short description when the
 *     abstract gives one: "MIGU: MagnItude-based Gradient Updating for continual learning";
 *  2. what the paper says it contributes when it names nothing ("In this paper, we aim to provide
 *     a comprehensive analysis of MLLMs" -> "A comprehensive analysis of MLLMs");
 *  3. the first sentence, shortened.
 * Works on plain text (see normalise.ts). Heuristic by nature: it reads English abstracts.
 */

const MAX_TITLE = 100;
const MAX_SENTENCE_TITLE = 90;
/**
 * Only the start of an abstract is read (the longest real one measured has 3,488 characters,
 * sources/record-limits.ts): the phrase search below looks ahead from every "we propose", so its
 * work grows with the square of the text it is given.
 */
const MAX_INPUT = 5_000;

/** A title (≤ 100 chars) for an abstract that has none. Non-empty for non-empty input. */
export function deriveTitle(plainAbstract: string): string {
  const head = plainAbstract.slice(0, MAX_INPUT);
  const text = head.replace(LEADING_LABEL, '').trim();
  const sentences = splitSentences(text);
  return (
    namedTitle(text, sentences) ??
    contributionTitle(sentences) ??
    shorten(tidy(sentences[0]?.text.replace(BOILERPLATE, '') ?? ''), MAX_SENTENCE_TITLE) ??
    shorten(head.trim(), MAX_SENTENCE_TITLE) ??
    head.trim()
  );
}

const LEADING_LABEL = /^\s*abstract\s*[:.]\s*/i;
const BOILERPLATE = /^(?:in|within) (?:this|the present) (?:paper|work|study|article|report),?\s*/i;

// ---------------------------------------------------------------------------------------------
// Sentences

interface Sentence {
  text: string;
  /** Offset in the abstract. */
  start: number;
}

// Words whose trailing period does not end a sentence.
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'al', 'vs', 'cf', 'etc', 'fig', 'figs', 'eq', 'eqs', 'sec', 'no', 'approx', 'resp',
  'viz', 'dr', 'mr', 'ms', 'prof', 'st', 'u.s', 'w.r.t',
]);
const SENTENCE_END = /[.!?]["'”’)]*\s+(?=["'“‘(]?[\p{Lu}\p{N}])/gu;

function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index;
    const lastWord = /(\S+)$/.exec(text.slice(Math.max(start, end - 12), end))?.[1] ?? '';
    if (text[end] === '.' && ABBREVIATIONS.has(lastWord.toLowerCase())) continue;
    out.push({ text: text.slice(start, end + 1), start });
    start = end + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start), start });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Words

// Words keep inner hyphens, en dashes, slashes and underscores: "Selecting–Tuning–Maintaining".
const WORD_SOURCE = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}_+'’./–-]*[\\p{L}\\p{N}+])?";
const WORD = new RegExp(WORD_SOURCE, 'uy');

/** The word starting at `at`, or undefined. */
function wordAt(s: string, at: number): string | undefined {
  WORD.lastIndex = at;
  return WORD.exec(s)?.[0];
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/**
 * Looks like a coined name rather than an English word: inner capitals (CartesianMoE, MIGU,
 * tDRO, GW-MoE, but not Mixture-of-Experts), an underscore (G_stack), or capitalised hyphen
 * parts (Rectify-Router).
 */
function isCoinedName(word: string): boolean {
  return (
    /[\p{L}\p{N}]\p{Lu}/u.test(word) ||
    (word.includes('_') && /\p{L}/u.test(word)) ||
    /^\p{Lu}[\p{L}\p{N}]*(?:-\p{Lu}[\p{L}\p{N}]*)+$/u.test(word)
  );
}

// Acronyms every abstract uses; never the thing a paper introduces.
const COMMON_ACRONYMS = new Set([
  'AI', 'API', 'APIs', 'CNN', 'CNNs', 'CPU', 'CPUs', 'GPU', 'GPUs', 'LLM', 'LLMs', 'LM', 'LMs',
  'ML', 'MoE', 'MoEs', 'NLP', 'NLU', 'NLG', 'RL', 'RLHF', 'RNN', 'SOTA', 'VLM', 'VLMs', 'MLLM',
  'MLLMs', 'QA', 'RAG',
]);
// Capitalised words that are not names even where a name could stand.
const GENERIC = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'our', 'we', 'it', 'its', 'they', 'novel', 'new',
  'simple', 'framework', 'method', 'approach', 'model', 'models', 'system', 'technique',
  'benchmark', 'dataset', 'algorithm', 'task', 'tool', 'which',
]);

// Small words allowed inside a Title Case name ("Aggregation of Reasoning").
const CONNECTORS = new Set(['of', 'for', 'and', 'in', 'on', 'with', 'to', 'from', 'via', 'the', 'a']);
// Words that end the noun phrase an introduction verb governs.
const PHRASE_BREAKS = new Set([
  'of', 'for', 'in', 'on', 'with', 'to', 'from', 'by', 'via', 'into', 'over', 'across', 'under',
  'through', 'between', 'among', 'at', 'about', 'than', 'that', 'which', 'where', 'who', 'whose',
  'whereby', 'while', 'as', 'so', 'because', 'since', 'using', 'based', 'comprising', 'including',
  'consisting', 'containing', 'featuring',
]);
// Head nouns after which a coined word is still a name: "the MoE-LLaVA framework".
const HEAD_NOUNS = new Set([
  'framework', 'model', 'models', 'method', 'approach', 'architecture', 'system', 'benchmark',
  'dataset', 'algorithm', 'pipeline', 'module', 'network', 'technique', 'strategy', 'paradigm',
  'agent', 'library', 'toolkit', 'suite', 'family', 'series', 'platform', 'corpus', 'tool',
]);

/**
 * Offsets of the words of `s` from `at`, as [start, word] pairs: the first 100, more than any
 * noun phrase or acronym expansion needs (all of them, from every "we propose", was quadratic).
 */
function wordsFrom(s: string, at: number): Words {
  const out: Words = [];
  const re = new RegExp(WORD_SOURCE, 'gu');
  re.lastIndex = at;
  for (let m = re.exec(s); m !== null && out.length < 100; m = re.exec(s)) out.push([m.index, m[0]]);
  return out;
}

/** A sentence's first few matches of a cue: real sentences hold one or two; each costs a look ahead. */
function firstMatches(s: string, re: RegExp, max = 4): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null && out.length < max; m = re.exec(s)) out.push(m);
  return out;
}

type Words = [number, string][];

/** Offset just after word `k`. */
function wordEnd(words: Words, k: number): number {
  return words[k]![0] + words[k]![1].length;
}

/** Whether only spaces separate words k-1 and k. */
function adjacent(s: string, words: Words, k: number): boolean {
  for (let i = wordEnd(words, k - 1); i < words[k]![0]; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

/**
 * The Title Case run starting at word `k` ("Layerwise Recurrent Router for Mixture-of-Experts"):
 * capitalised words, with connectors inside but not at the end, and no punctuation between.
 * Returns the index after its last word, or k if the word at k is not capitalised.
 */
function titleRunEnd(s: string, words: Words, k: number): number {
  let end = k;
  for (let j = k; j < words.length; j++) {
    if (j > k && !adjacent(s, words, j)) break;
    const w = words[j]![1];
    if (isCapitalised(w)) end = j + 1;
    else if (!CONNECTORS.has(w)) break;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// Acronyms

/**
 * Whether `short` abbreviates `long` (Schwartz & Hearst 2003): its letters occur in order in
 * `long`, the first at the start of a word.
 */
function abbreviates(short: string, long: string): boolean {
  const letters = short.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return false;
  const target = long.toLowerCase();
  let l = target.length - 1;
  for (let s = letters.length - 1; s >= 0; s--) {
    const c = letters[s];
    const mustStartWord = s === 0;
    while (l >= 0 && (target[l] !== c || (mustStartWord && l > 0 && /[\p{L}\p{N}]/u.test(target[l - 1]!)))) l--;
    if (l < 0) return false;
    l--;
  }
  return true;
}

/** A parenthesised group starting at `at` (after spaces): its inner text and end offset. */
function parenAt(s: string, at: number): { inner: string; end: number } | undefined {
  let open = at;
  while (s.charCodeAt(open) === 32) open++;
  if (s.charCodeAt(open) !== 40 /* ( */) return undefined;
  const m = /^\(([^()]{1,160})\)/.exec(s.slice(open, open + 163));
  return m ? { inner: m[1]!.trim(), end: open + m[0].length } : undefined;
}

const ACRONYM_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}_+.-]*(?: [\p{L}\p{N}][\p{L}\p{N}-]*){0,2}$/u;

/** "Xyz (short)" as an acronym: one coined or capitalised word, perhaps with one or two more. */
function asAcronym(inner: string): string | undefined {
  const shaped = ACRONYM_SHAPE.test(inner) && (isCapitalised(inner) || isCoinedName(inner.split(' ')[0]!));
  return shaped ? inner : undefined;
}

/**
 * "Title Case Words (ACR)" where the run of words ending at word `last` is followed by an acronym
 * the words abbreviate: the acronym and its expansion, shortest that fits and then widened to the
 * whole capitalised run ("task-level Distributionally Robust Optimization (tDRO)", "Layerwise
 * Recurrent Router for Mixture-of-Experts (RMoE)").
 */
function acronymAfter(s: string, words: Words, last: number): Candidate | undefined {
  const paren = parenAt(s, wordEnd(words, last));
  const acronym = paren && asAcronym(paren.inner);
  if (!acronym) return undefined;
  const maxWords = acronym.length + 5;
  for (let j = last; j >= 0 && last - j < maxWords; j--) {
    if (j < last && !adjacent(s, words, j + 1)) break;
    if (!abbreviates(acronym, s.slice(words[j]![0], wordEnd(words, last)))) continue;
    while (j > 0 && adjacent(s, words, j) && isCapitalised(words[j - 1]![1])) j--;
    const at = words[j]![0];
    return { at, name: acronym, description: s.slice(at, wordEnd(words, last)) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Tier 1: a name the abstract introduces

interface Candidate {
  /** Offset of the name in the sentence. */
  at: number;
  name: string;
  description?: string;
}

// "we propose", "this paper introduces", "we further present", ", introducing".
const INTRODUCE =
  /\b(?:(?:we|this (?:paper|work|study|article|report))(?:\s+(?:\w+ly|first|further|also|then|here|now|hence|thus|therefore|next|finally|instead))*\s+(?:propos|introduc|present|develop|design|construct|creat|releas|contribut|devis|formulat|offer|build|built)\w*|(?:,|\bby)\s+(?:introduc|propos|present|develop)ing)\b/gi;
// "named X", "abbreviated as X", "which we call X".
const NAMING =
  /\b(?:named|called|dubbed|termed|coined|nicknamed|referred to as|abbreviated(?: as)?|denoted(?: as)?|(?:which |that )?we (?:call|name|dub|term)(?: it| this| them)?)\s+/gi;
const OWN_WORK = /\b(?:we|our|this (?:paper|work|study|article))\b/i;
const OBJECT_LEAD =
  /^\s*(?:for the first time,?\s+)?(?:to \p{L}+\s+)?(?:(?:a|an|the|our|this)\s+)?(?:(?:concept|notion|idea) of\s+(?:the\s+)?)?/iu;

function namedTitle(text: string, sentences: Sentence[]): string | undefined {
  for (const sentence of sentences) {
    const found = [...introduced(sentence.text), ...named(sentence.text)]
      // A name is new where it is introduced: "LLMs" used since the first line is not one.
      .filter((c) => !GENERIC.has(c.name.toLowerCase()) && !COMMON_ACRONYMS.has(c.name))
      .filter((c) => text.indexOf(c.name) >= sentence.start)
      .sort((a, b) => a.at - b.at);
    const best = found[0];
    if (best) return titleFor(best.name, best.description);
  }
  return undefined;
}

/** Candidates in the noun phrase after "we propose" and kin. */
function introduced(s: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of firstMatches(s, INTRODUCE)) {
    const objectStart = m.index + m[0].length;
    const head = objectStart + OBJECT_LEAD.exec(s.slice(objectStart))![0].length;
    const words = wordsFrom(s, head);
    const clauseEnd = head + (CLAUSE_END.exec(s.slice(head))?.index ?? s.length);
    // An acronym counts when its expansion opens the noun phrase, small words and all ("to
    // improve Contrastive Learning of sentence embeddings from AI Feedback (CLAIF)"); after a
    // preposition it names something else ("a method for Retrieval-Augmented Generation (RAG)").
    const firstBreak = words.find(([, w]) => PHRASE_BREAKS.has(w.toLowerCase()))?.[0] ?? s.length;
    const acronym = firstAcronym(s, words, clauseEnd, firstBreak);
    if (acronym) out.push(acronym);
    for (let k = 0; k < words.length; k++) {
      const [at, word] = words[k]!;
      const run = titleRunEnd(s, words, k);
      const unitEnd = Math.max(run, k + 1);
      const next = unitEnd < words.length && adjacent(s, words, unitEnd) ? words[unitEnd]![1] : '';
      // "an adaptive DCT preprocessing module", "a Semantic-Guided Super-Resolution framework":
      // a capitalised modifier, not a name. A lone coined word before a generic head noun is one
      // ("the MoE-LLaVA framework").
      const modifier =
        /^\p{Ll}/u.test(next) &&
        !PHRASE_BREAKS.has(next) &&
        next !== 'and' &&
        !(unitEnd === k + 1 && HEAD_NOUNS.has(next));
      // A coined word with the capitalised words after it ("Affine-Scaled Attention"); a Title
      // Case phrase right after the verb ("introducing the concept of Post-hoc Reward
      // Calibration"); a lone capitalised word where nothing precedes it ("we present Quest,").
      const afterUnit = wordEnd(words, unitEnd - 1);
      const alone = /^[\s,(:]*$/.test(s.slice(afterUnit, afterUnit + 2));
      if (!modifier && (isCoinedName(word) || (k === 0 && (run >= 2 || (run === 1 && alone))))) {
        const name = s.slice(at, afterUnit);
        out.push({ at, name, description: describe(s, at, name, s.slice(objectStart, at)) });
        break;
      }
      if (PHRASE_BREAKS.has(word.toLowerCase())) break;
      k = unitEnd - 1;
    }
  }
  return out;
}

/** Candidates after "named", "called" and kin, in sentences about the authors' own work. */
function named(s: string): Candidate[] {
  if (!OWN_WORK.test(s)) return [];
  const out: Candidate[] = [];
  for (const m of firstMatches(s, NAMING)) {
    const at = m.index + m[0].length;
    const words = wordsFrom(s, at);
    const first = words[0];
    if (!first || first[0] !== at) continue;
    const clauseEnd = at + (CLAUSE_END.exec(s.slice(at))?.index ?? s.length);
    const acronym = firstAcronym(s, words, clauseEnd, at);
    const run = titleRunEnd(s, words, 0);
    if (acronym) {
      out.push(acronym);
    } else if (run > 0 || isCoinedName(first[1])) {
      const name = run > 1 ? s.slice(at, wordEnd(words, run - 1)) : first[1];
      out.push({ at, name, description: describe(s, at, name, namedThing(s.slice(0, m.index))) });
    }
  }
  return out;
}

/** The first acronym among `words` before `end` whose expansion starts no later than `latest`. */
function firstAcronym(s: string, words: Words, end: number, latest: number): Candidate | undefined {
  for (let k = 0; k < words.length && words[k]![0] < end; k++) {
    const acronym = acronymAfter(s, words, k);
    if (acronym && acronym.at <= latest) return acronym;
  }
  return undefined;
}

/** What was named: "a value alignment benchmark" in "… proposes a value alignment benchmark named". */
function namedThing(before: string): string {
  const head = before.replace(/[\s,]+$/, '');
  const clause = head.slice(Math.max(head.lastIndexOf(','), head.lastIndexOf(';'), head.lastIndexOf('(')) + 1);
  let start = -1;
  for (const d of clause.matchAll(/\b(?:an?|the|our)\s/gi)) start = d.index;
  return start === -1 ? '' : clause.slice(start);
}

/**
 * A description of the name at `at`: an expansion in parentheses ("MIGU (MagnItude-based …)"),
 * an appositive ("AnyGPT, an any-to-any multimodal language model"), the noun phrase that
 * precedes it ("a new fine-tuning method, GW-MoE"), or what it does ("CartesianMoE, which
 * implements …" -> "Implementing …").
 */
function describe(s: string, at: number, name: string, preceding: string): string | undefined {
  let after = at + name.length;
  const paren = parenAt(s, after);
  if (paren) {
    if (paren.inner.includes(' ') && abbreviates(name, paren.inner)) return paren.inner;
    after = paren.end;
  }
  const rest = s.slice(after);
  const appositive = /^\s*,\s*((?:an?|the)\s.*)/i.exec(rest);
  const described = informative(appositive ? phrase(appositive[1]!) : undefined) ?? informative(phrase(preceding));
  if (described) return described;
  const relative = /^\s*,?\s*(?:which|that)\s+(?:\w+ly\s+)?(\p{L}+)\s+(.*)/iu.exec(rest);
  const verb = relative && gerund(relative[1]!, true);
  // "generates shapes and predicts poses": the first verb's phrase only.
  return verb ? informative(phrase(`${verb} ${relative[2]!.replace(/\s+and\s+\p{Ll}+s\s.*/u, '')}`)) : undefined;
}

function titleFor(name: string, description: string | undefined): string {
  const desc = description && tidy(description);
  if (!desc || desc.toLowerCase() === name.toLowerCase()) return shorten(name, MAX_TITLE) ?? name;
  return shorten(`${name}: ${desc}`, MAX_TITLE) ?? name;
}

// ---------------------------------------------------------------------------------------------
// Tier 2: what the paper says it does

const CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study|article|survey))(?:\s+(?:\w+ly|first|firstly|further|also|then|here|now|hence|thus|therefore|next|finally|mainly|instead))*\s+(?:(?:aims?|attempts?|seeks?|tries|try|strives?|make an? (?:\w+ )?attempt)\s+to\s+)?(\p{L}+)\s+/giu;
// Verbs whose object names the contribution.
const CONTRIBUTION_VERB =
  /^(?:propos|introduc|present|develop|design|construct|creat|releas|contribut|provid|offer|conduct|perform|stud(?:y|ies|ied)|investigat|explor|examin|analy[sz]|evaluat|survey|review|revisit|describ|report|establish|build|built|formulat|devis)/i;

const ANAPHORA = /\b(?:this|these|those|such(?! as)|it|its|them|their|above|aforementioned)\b/i;

function contributionTitle(sentences: Sentence[]): string | undefined {
  for (const { text: s } of sentences) {
    for (const m of firstMatches(s, CONTRIBUTION)) {
      const verb = m[1]!;
      const aimed = /\bto\s+\p{L}+\s+$/iu.test(m[0]);
      let object = s.slice(m.index + m[0].length).replace(/^for the first time,?\s+/i, '');
      // "we investigate whether …" is a question, not a thing.
      if (/^(?:whether|how|what|why|when|where|which|who|if|that)\b/i.test(object)) continue;
      if (CONTRIBUTION_VERB.test(verb)) {
        // "we propose to recast X" -> "Recasting X".
        const infinitive = /^to\s+(\p{L}+)\s+/iu.exec(object);
        const ing = infinitive && gerund(infinitive[1]!, false);
        if (ing) object = `${ing} ${object.slice(infinitive[0].length)}`;
      } else if (aimed) {
        // "we make an initial attempt to understand X" -> "Understanding X".
        const ing = gerund(verb, false);
        if (!ing) continue;
        object = `${ing} ${object}`;
      } else {
        continue;
      }
      const np = informative(phrase(object));
      const title = np && shorten(tidy(np), MAX_SENTENCE_TITLE);
      // "Shedding light on this issue" means nothing out of context.
      if (title && !ANAPHORA.test(title)) return title;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Phrases

// Where a noun phrase ends: punctuation (not "1,000" or "1:2"), relative clauses, participles,
// means and reasons, a second verb ("we evaluate X and find").
const CLAUSE_END =
  /[;!?]|[,:](?=\s|$)|\.(?:\s|$)|\s[–—-]\s|\s(?:which|that|where|whereby|who|while|whereas|because|since|so that|such that|by|thereby|in order to|comprising|including|consisting|containing|featuring|and (?:find|show|demonstrate|reveal|observe|propose|introduce|present|evaluate|achieve|conduct|provide|release))\s/i;
// Words a noun phrase cut short may end on; they go: "a framework for generating".
const DANGLING = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'for', 'to', 'with', 'in', 'on', 'by', 'from', 'into', 'at',
  'novel', 'new', 'first', 'its', 'their', 'our', 'called', 'named', 'termed', 'dubbed',
]);
const DANGLING_ADJECTIVE = /-(?:\p{L}+ed|free|based|aware|level|like|specific|driven|guided|agnostic|grained|scale)$/u;

/** The noun phrase at the start of `s`, without parentheticals; undefined if under two words. */
function phrase(s: string): string | undefined {
  const plain = s.replace(/\s*\([^()]*(?:\)|$)/g, '').replace(/\s*\[[^[\]]*\]/g, '');
  const end = CLAUSE_END.exec(plain);
  const words = (end ? plain.slice(0, end.index) : plain).trim().split(/\s+/);
  while (words.length > 1) {
    const last = words[words.length - 1]!.toLowerCase();
    const dangling =
      DANGLING.has(last) ||
      DANGLING_ADJECTIVE.test(last) ||
      (last.endsWith('ing') && DANGLING.has(words[words.length - 2]!.toLowerCase()));
    if (!dangling) break;
    words.pop();
  }
  return words.length >= 2 ? words.join(' ') : undefined;
}

// Words that carry no content in a description: "a novel framework" says only "framework".
const FILLER = new Set([
  'a', 'an', 'the', 'our', 'this', 'novel', 'new', 'simple', 'first', 'effective', 'efficient',
  'general', 'unified',
]);

/** `p` if it says more than one thing ("a training-free framework"), else undefined. */
function informative(p: string | undefined): string | undefined {
  if (!p) return undefined;
  return p.split(' ').filter((w) => !FILLER.has(w.toLowerCase())).length >= 2 ? p : undefined;
}

const TRAILING_PUNCTUATION = new Set([...' \t\n,;:.-–—']);

/**
 * `s` without the characters of `chars` at its end. (A regex such as /[,;:.]+$/ retries at every
 * run of those characters that does not reach the end: quadratic on ". . . . x".)
 */
function trimEndOf(s: string, chars: ReadonlySet<string>): string {
  let end = s.length;
  while (end > 0 && chars.has(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/** Capitalised first letter (unless the first word is a coined name), no trailing punctuation. */
function tidy(s: string): string {
  const t = trimEndOf(s.replace(/\s*\([^()]*\)/g, ''), TRAILING_PUNCTUATION).trim();
  const first = wordAt(t, 0);
  if (first && isCoinedName(first)) return t;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// Where a long title may be cut: after a clause or before a preposition.
const CUT_POINT = /[,;:]\s|\s(?=(?:in|on|for|with|by|via|through|across|among|using|from|to|of|and|which|that)\s)/g;

/** `s` cut to `max` chars, preferably at a clause or preposition, with "…"; undefined if empty. */
function shorten(s: string, max: number): string | undefined {
  const t = s.trim();
  if (t.length === 0) return undefined;
  if (t.length <= max) return t;
  let cut = -1;
  for (const m of t.slice(0, max).matchAll(CUT_POINT)) if (m.index >= max * 0.4) cut = m.index;
  if (cut === -1) cut = t.lastIndexOf(' ', max - 1);
  if (cut <= 0) cut = max - 1;
  return `${t.slice(0, cut).replace(/[\s,;:.\-–—(]+$/, '')}…`;
}

// ---------------------------------------------------------------------------------------------
// Verbs

// Words after "which" that do not make a description: "which is", "which can".
const NOT_VERBS = new Set([
  'is', 'was', 'has', 'does', 'can', 'could', 'may', 'might', 'will', 'would', 'should', 'must',
  'also', 'not', 'only', 'this', 'its',
]);

/**
 * "-ing" form of a verb, from the base form or (`thirdPerson`) the "-s" form: implements ->
 * implementing, leverages -> leveraging, applies -> applying, addresses -> addressing.
 * Undefined for words that are not plainly such a verb.
 */
function gerund(verb: string, thirdPerson: boolean): string | undefined {
  let base = verb.toLowerCase();
  if (NOT_VERBS.has(base) || !/^\p{Ll}+$/u.test(base)) return undefined;
  if (thirdPerson) {
    if (!base.endsWith('s') || base.endsWith('ss')) return undefined;
    if (base.endsWith('ies')) base = `${base.slice(0, -3)}y`;
    else if (/(?:ss|sh|ch|x|z|o)es$/.test(base)) base = base.slice(0, -2);
    else base = base.slice(0, -1);
  }
  if (base.endsWith('ie')) base = `${base.slice(0, -2)}y`;
  else if (/[^eoy]e$/.test(base)) base = base.slice(0, -1);
  // One-syllable consonant-vowel-consonant verbs double: shed -> shedding, map -> mapping.
  else if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(base)) base += base.slice(-1);
  const ing = `${base}ing`;
  return ing.charAt(0).toUpperCase() + ing.slice(1);
}
