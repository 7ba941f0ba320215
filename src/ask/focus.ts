/**
 * The focus of a question: what it asks about within its topic ("dropped tokens" within "mixture of
 * experts"), and whether a sentence addresses it. A statement about the topic but not the focus is
 * not evidence: this is the relevance check that verifiable generation (ALCE, Gao et al. 2023)
 * scores with a model, done here with the signals an offline library has.
 *
 * Topic and focus are told apart by the candidate pool itself, not by a list: the pool retrieved
 * for the question is about its topic, so a question word that most of the pool's papers hold
 * ("mixture", "experts" in a pool of MoE papers) is topic, and a word few of them hold ("dropped")
 * is focus. Each word's focus weight is its library idf (rarity in the library, the prior) times
 * the share of the pool that lacks it, the pool weighted by how much of the question each paper
 * covers (so the tail of a small library's pool, which matches one common word, does not decide
 * what the topic is). Words that only frame a question ("handle", "role", "approach") keep a
 * quarter of their weight.
 *
 * A sentence's focus score is the share of the focus weight it covers: a word counts fully when
 * the sentence has it in any inflection ("drop", "dropped"; inflection.ts), half when only its
 * stem agrees (derivation: "generalize", "generalization"), and, when the library is embedded,
 * up to half for a near neighbour in the built-in model's term vectors that is not itself a topic
 * word. Hyphenated compounds match their solid form both ways ("fine-tuning", "finetuning"), and an
 * abbreviation the abstract defines its long form (abbreviations.ts: "LiM", "lost in the middle"). A word whose
 * phrase partner in the question is absent from the sentence counts less (LONE_CREDIT): "dropping
 * experts" says "drop", but not about tokens.
 */
import { STOPWORDS, forEachToken, termOf } from '../text/analyze.js';
import { americanSpelling } from '../text/spelling.js';
import { inflectionKey } from './inflection.js';

/** One word of a text: its inflection key, its index term (Porter stem; none for a stopword), and its position. */
export interface Word {
  key: string;
  term: string | undefined;
  at: number;
}

/** A sentence (or question) as words, with hyphenated compounds joined ("pre-training" → "pretraining") as extra words. */
export interface TextWords {
  words: Word[];
}

/**
 * The tokens of `text` in order, each with the solid form of the hyphenated compound it ends
 * ("tuning" in "fine-tuning" → "finetuning"), if any: papers write a compound both ways.
 */
function forEachWord(text: string, visit: (token: string, joined: string | undefined, written: string) => void): void {
  let prev: { token: string; end: number } | undefined;
  forEachToken(text, (folded, start, end) => {
    const written = folded.slice(start, end);
    // "colour" is "color": abstracts are mostly American, questions often British (text/spelling.ts).
    const token = americanSpelling(written);
    visit(token, prev && prev.end + 1 === start && folded[prev.end] === '-' ? prev.token + token : undefined, written);
    prev = { token, end };
  });
}

/** "-less" words that do not mean "without" their stem. */
const NOT_WITHOUT = new Set(['unless', 'regardless', 'nevertheless', 'nonetheless', 'bless']);

const wordOf = (token: string, at: number): Word => ({ key: inflectionKey(token), term: termOf(token), at });

export function textWords(text: string): TextWords {
  const words: Word[] = [];
  let at = 0;
  forEachWord(text, (token, joined) => {
    words.push(wordOf(token, at));
    if (joined) words.push(wordOf(joined, at));
    // "lossless" says "without loss", "training-free" "without training": a question asks either way.
    const less = /^(\p{L}{3,})less$/u.exec(token);
    if (less && !NOT_WITHOUT.has(token)) words.push(wordOf('without', at), wordOf(less[1]!, at));
    else if (joined && token === 'free') words.push(wordOf('without', at));
    at++;
  });
  return { words };
}

/** Whether a paper's or sentence's index terms hold a question word, as written or as the solid form of its compound. */
export const holdsTerm = (terms: ReadonlySet<string>, t: Pick<FocusTerm, 'term' | 'joined'>): boolean => terms.has(t.term) || (t.joined !== undefined && terms.has(t.joined));

/**
 * Words that frame a question rather than name what it is about. Kept general (the verbs and
 * nouns of asking), never words of a particular field.
 */
const FRAMING = new Set(
  [
    'handle', 'deal', 'address', 'use', 'help', 'work', 'do', 'make', 'affect', 'effect', 'impact', 'influence', 'role', 'way', 'approach',
    'method', 'technique', 'kind', 'type', 'mean', 'happen', 'cause', 'matter', 'explain', 'compare', 'difference', 'relate', 'exist', 'get',
    'show', 'give', 'need', 'possible', 'good', 'best', 'better', 'common', 'main', 'key', 'typical', 'usual', 'often', 'can', 'could',
    'should', 'would', 'much', 'many', 'current', 'existing', 'different', 'various', 'happens', 'behave', 'find', 'know', 'known', 'propose',
    'what', 'which', 'how', 'why', 'when', 'where', 'who', 'whom', 'whose', 'does', 'did', 'done', 'doing', 'has', 'have', 'had', 'been',
    'being', 'were', 'am', 'so', 'very', 'more', 'most', 'less', 'least', 'other', 'others', 'some', 'any', 'each', 'every', 'all', 'than',
    'there', 'here', 'about', 'from', 'up', 'out', 'over', 'again', 'too', 'also', 'just', 'only', 'own', 'same', 'its', 'our', 'we', 'you',
    'your', 'i', 'me', 'my', 'us', 'drive', 'lead', 'during', 'while', 'within', 'via', 'across', 'among', 'between', 'after', 'before',
    'since', 'because', 'whether', 'although', 'through', 'toward', 'towards', 'upon', 'per', 'instead', 'rather', 'even', 'still',
    // Light verbs: their meaning is in the words around them ("put attention on" is "attend to").
    'put', 'take', 'keep', 'set', 'let', 'bring', 'come', 'go', 'turn', 'say', 'tell', 'result', 'finding', 'latest', 'recent', 'new',
    // The baseline a question contrasts with ("an ordinary key-value cache"): the noun names it.
    'ordinary', 'conventional', 'standard', 'vanilla', 'regular', 'traditional', 'plain',
    // Adverbs of asking ("is colour *actually* needed", "count them *correctly*").
    'actually', 'really', 'truly', 'indeed', 'basically', 'essentially', 'correctly', 'properly', 'exactly', 'precisely', 'currently',
  ].map(inflectionKey),
);

/** The inflection key of a word as written (folded): the key its question's focus term has. */
export const wordKey = (written: string): string => inflectionKey(americanSpelling(written));

/** Whether a word (as written) only frames a question. */
export const isFraming = (word: string): boolean => FRAMING.has(wordKey(word.toLowerCase()));

/** Weight kept by a framing word. */
export const FRAMING_WEIGHT = 0.25;
/** Credit for a word whose stem, not its inflection key, is in the sentence (a derived form). */
export const STEM_CREDIT = 0.5;
/** Credit, times the similarity, for a near neighbour in the embedding model's term vectors. */
export const NEIGHBOUR_CREDIT = 0.5;
/** Least cosine similarity for a neighbour to count. */
export const NEIGHBOUR_SIMILARITY = 0.6;
/** Credit kept by a word whose phrase partners in the question are all absent from the sentence, or not near it. */
export const LONE_CREDIT = 0.6;
/** A phrase partner counts only within this many words ("dropped tokens", "tokens are dropped"; not "drops … tokens" far apart). */
export const PARTNER_WINDOW = 3;
/** A word held by at least this weighted share of the pool is topic (a background query keeps it). */
export const TOPIC_SHARE = 0.5;
/** Credit for a word the paper's title holds but the sentence does not. */
export const TITLE_CREDIT = 0.5;
/** Share of the heaviest missed word's weight left out of the measure (one paraphrased word). */
export const PARAPHRASE_ALLOWANCE = 1;
/** Weight kept by a word no candidate paper holds but the library does (a paraphrase). */
export const ABSENT_WEIGHT = 0.2;
/** The idf of a word half the library holds (BM25's idf): a word as common as that is never the focus. */
const COMMON_IDF = Math.log(2);
/** Topic words keep at least this share of their idf as focus weight. */
const MIN_FOCUS = 0.05;

export interface FocusTerm {
  /** The question's word as written (folded), its inflection key and its index term. */
  word: string;
  key: string;
  term: string;
  idf: number;
  /** Weighted share of the candidate pool whose papers hold the term (0..1). */
  topicShare: number;
  framing: boolean;
  /** Focus weight: idf × (1 − topic share), a quarter for framing words. */
  weight: number;
  /** Indices (into Focus.terms) of the words next to it in the question: a phrase's other words. */
  partners: number[];
  /** The partners the pool's papers use next to it (a phrase of the field, "draft length"; not "choose draft"). */
  phrase: number[];
  /** Near neighbours in the embedding model (index term → cosine), topic words excluded. */
  neighbours: Map<string, number>;
  /** The index term of the solid form of the hyphenated compound the word is part of in the question ("finetun" for "fine-tuning"). */
  joined?: string;
  /** No paper of the library uses the word: it is never forgiven as a paraphrase. */
  unknown?: boolean;
  /** Set on a background query's random word (ask/background.ts): matched by index term only, it has no written form. */
  byTerm?: boolean;
}

export interface Focus {
  terms: FocusTerm[];
  /** Sum of the focus weights. */
  mass: number;
}

/** What the focus analysis reads of the library. */
export interface FocusLexicon {
  idf(term: string): number;
  docFrequency(term: string): number;
}

/** The candidate pool: each paper's index terms (title and abstract) and its texts as words (title and sentences). */
export type PoolPapers = readonly { terms: Set<string>; texts: readonly TextWords[] }[];

/** A question's words with their focus weights, measured against the candidate pool. */
export function questionFocus(query: string, pool: PoolPapers, lexicon: FocusLexicon): Focus {
  const seq: { word: string; key: string; term: string; gap: number }[] = [];
  const joinedTerms = new Map<string, string>();
  let gap = 0;
  let previous: string | undefined;
  forEachWord(query, (word, joined, written) => {
    const joinedTerm = joined ? termOf(joined) : undefined;
    if (joinedTerm) {
      // Both parts of "fine-tuning" may be found as "finetuning".
      joinedTerms.set(inflectionKey(word), joinedTerm);
      if (previous) joinedTerms.set(inflectionKey(previous), joinedTerm);
    }
    previous = word;
    const term = termOf(word);
    if (!term || STOPWORDS.has(word)) {
      gap++;
      return;
    }
    seq.push({ word: written, key: inflectionKey(word), term, gap });
    gap = 0;
  });
  // One entry per distinct inflection key; partners are the neighbouring content words (at most one stopword between).
  const index = new Map<string, number>();
  const terms: FocusTerm[] = [];
  for (const w of seq) {
    if (index.has(w.key)) continue;
    index.set(w.key, terms.length);
    const joined = joinedTerms.get(w.key);
    terms.push({ word: w.word, key: w.key, term: w.term, ...(joined ? { joined } : {}), idf: lexicon.idf(w.term), topicShare: 0, framing: FRAMING.has(w.key), weight: 0, partners: [], phrase: [], neighbours: new Map() });
  }
  for (let i = 1; i < seq.length; i++) {
    if (seq[i]!.gap > 1) continue;
    const a = index.get(seq[i - 1]!.key)!;
    const b = index.get(seq[i]!.key)!;
    if (a === b || terms[a]!.framing || terms[b]!.framing) continue;
    if (!terms[a]!.partners.includes(b)) terms[a]!.partners.push(b);
    if (!terms[b]!.partners.includes(a)) terms[b]!.partners.push(a);
  }
  weigh(terms, pool, lexicon);
  return { terms, mass: terms.reduce((a, t) => a + t.weight, 0) };
}

/**
 * Topic shares over the pool (papers weighted by the share of the question's idf they cover) and
 * focus weights. A word no candidate paper holds although the library does is the question's
 * own paraphrase (papers say "selected" where it says "chosen"): it keeps ABSENT_WEIGHT. A word
 * the library never uses ("Klingon") keeps its full weight: no paper can answer about it.
 */
function weigh(terms: FocusTerm[], pool: PoolPapers, lexicon: FocusLexicon): void {
  const total = terms.reduce((a, t) => a + t.idf, 0);
  const coverage = pool.map((p) => (total > 0 ? terms.reduce((a, t) => a + (holdsTerm(p.terms, t) ? t.idf : 0), 0) / total : 0));
  const norm = coverage.reduce((a, c) => a + c * c, 0);
  // Squared coverage: the papers that hold most of the question decide what its topic is.
  const share = (holds: (p: PoolPapers[number]) => boolean) => (norm > 0 ? pool.reduce((a, p, i) => a + (holds(p) ? coverage[i]! ** 2 : 0), 0) / norm : 0);
  const phraseShare = new Map<string, number>();
  terms.forEach((t, i) => {
    for (const j of t.partners) {
      const pair = `${Math.min(i, j)} ${Math.max(i, j)}`;
      if (!phraseShare.has(pair)) phraseShare.set(pair, share((p) => p.texts.some((words) => usedTogether(t, terms[j]!, words))));
      if (phraseShare.get(pair)! > 0) t.phrase.push(j);
    }
  });
  for (const [i, t] of terms.entries()) {
    t.topicShare = share((p) => holdsTerm(p.terms, t));
    // A word of a phrase the pool uses is topic only as far as the phrase is: "length" is in every
    // paper on speculative decoding, "draft length" is not.
    if (t.phrase.length) t.topicShare = Math.min(t.topicShare, Math.max(...t.phrase.map((j) => phraseShare.get(`${Math.min(i, j)} ${Math.max(i, j)}`)!)));
    const df = lexicon.docFrequency(t.term);
    const inPool = pool.some((p) => holdsTerm(p.terms, t));
    // A framing word the pool lacks is scaffolding, evidence neither way.
    if (t.framing && !inPool) {
      t.weight = 0;
      continue;
    }
    if (df === 0) t.unknown = true;
    const paraphrase = pool.length > 0 && !inPool && df > 0;
    t.weight = t.idf * Math.max(MIN_FOCUS, 1 - t.topicShare) * (t.framing ? FRAMING_WEIGHT : 1) * (paraphrase ? ABSENT_WEIGHT : 1);
  }
}

const near = (a: number[], b: number[]): boolean => a.some((i) => b.some((j) => Math.abs(i - j) <= PARTNER_WINDOW));

/** Whether a text uses the two question words (by index term) within PARTNER_WINDOW of each other. */
function usedTogether(a: FocusTerm, b: FocusTerm, s: TextWords): boolean {
  const at = (t: FocusTerm) => s.words.filter((w) => w.term === t.term).map((w) => w.at);
  const left = at(a);
  return left.length > 0 && near(left, at(b));
}

/** How a question word is matched in a sentence: 1 in some inflection, less by stem or by a neighbour, 0 not at all; and where. */
function matchOf(t: FocusTerm, s: TextWords): { credit: number; at: number[] } {
  let credit = 0;
  const at: number[] = [];
  for (const w of s.words) {
    let c = 0;
    if (t.byTerm) c = w.term === t.term ? 1 : 0;
    else if (w.key === t.key || (t.joined !== undefined && w.term === t.joined)) c = 1;
    else if (w.term !== undefined && w.term === t.term) c = STEM_CREDIT;
    else if (w.term !== undefined && t.neighbours.has(w.term)) c = NEIGHBOUR_CREDIT * t.neighbours.get(w.term)!;
    if (c > 0) at.push(w.at);
    credit = Math.max(credit, c);
  }
  return { credit, at };
}

/**
 * The share of the focus weight a sentence covers, 0..1 (see the header). The paper's title
 * counts at TITLE_CREDIT: an abstract's sentences leave its subject implicit ("our method").
 * One word of the question may be paraphrased: the heaviest word the sentence misses is left out
 * of the measure (PARAPHRASE_ALLOWANCE), unless no paper of the library uses it, it is the
 * heaviest word of the focus phrase (focusPhrase) or rarer in the library than that word, and only
 * when the sentence names another focus word: the focus itself is never forgiven.
 */
export const focusScore = (focus: Focus, s: TextWords, title?: TextWords): number => readFocus(focus, s, title).score;

/**
 * A sentence as the focus reads it, in one pass over its words: its focus score (focusScore) and
 * whether it names some focus word itself, in any form the score credits. The title completes a
 * sentence's implicit subject, but a sentence that names none of the focus ("We measure how
 * often.", under the title "Token Dropping in Expert Layers") says nothing about it.
 */
export function readFocus(focus: Focus, s: TextWords, title?: TextWords): { score: number; named: boolean } {
  const { focal, core } = shapeOf(focus);
  const inSentence = focus.terms.map((t) => matchOf(t, s));
  const named = focus.terms.some((t, i) => focal.has(t) && inSentence[i]!.credit > 0);
  if (focus.mass <= 0) return { score: 0, named };
  const inTitle = title ? focus.terms.map((t) => matchOf(t, title)) : undefined;
  const matched = focus.terms.map((_, i) => Math.max(inSentence[i]!.credit, inTitle ? TITLE_CREDIT * inTitle[i]!.credit : 0));
  let covered = 0;
  let missing = 0;
  const namesFocus = focus.terms.some((t, i) => focal.has(t) && matched[i]! >= STEM_CREDIT);
  focus.terms.forEach((t, i) => {
    if (matched[i] === 0) {
      // A word rarer in the library than the focus phrase's heaviest is a name ("ibuprofen"), not a way of asking.
      if (!t.unknown && core && t !== core && t.idf <= core.idf) missing = Math.max(missing, t.weight);
      return;
    }
    // A phrase partner must be near it, in the sentence or in the title.
    const together = (where: { at: number[] }[] | undefined) => where !== undefined && t.partners.some((p) => near(where[i]!.at, where[p]!.at));
    const alone = t.partners.length > 0 && !together(inSentence) && !together(inTitle);
    covered += t.weight * matched[i]! * (alone ? LONE_CREDIT : 1);
  });
  return { score: Math.min(1, covered / Math.max(1e-9, focus.mass - (namesFocus ? PARAPHRASE_ALLOWANCE * missing : 0))), named };
}

/**
 * A focus's focal words and its phrase's heaviest word, worked out once per focus rather than per
 * sentence. A focus is final once weighed (questionFocus); later steps add only neighbours, which
 * neither depends on.
 */
const shapes = new WeakMap<Focus, { focal: Set<FocusTerm>; core: FocusTerm | undefined }>();
function shapeOf(focus: Focus): { focal: Set<FocusTerm>; core: FocusTerm | undefined } {
  let shape = shapes.get(focus);
  if (!shape) {
    shape = { focal: focusTerms(focus), core: focusPhrase(focus).sort((a, b) => b.weight - a.weight)[0] };
    shapes.set(focus, shape);
  }
  return shape;
}

/**
 * The focus words proper: content words below the topic share, but for words most of the library
 * holds ("models"), which name nothing; when there are none, the question is about its whole
 * topic and every content word is.
 */
export function focusTerms(focus: Focus): Set<FocusTerm> {
  const content = focus.terms.filter((t) => !t.framing);
  const focal = content.filter((t) => t.topicShare < TOPIC_SHARE && t.idf >= COMMON_IDF);
  return new Set(focal.length ? focal : content);
}

/**
 * The focus phrase: of the focus words joined by the phrases the pool uses ("draft length"), the
 * group of the most focus weight. A word the question only frames its focus with ("how does X
 * choose Y") joins no phrase of the field, so it stands alone and a phrase outweighs it.
 */
export function focusPhrase(focus: Focus): FocusTerm[] {
  const focal = focusTerms(focus);
  const group = new Map<FocusTerm, FocusTerm[]>();
  for (const t of focal) {
    if (group.has(t)) continue;
    const members: FocusTerm[] = [];
    const stack = [t];
    while (stack.length) {
      const u = stack.pop()!;
      if (group.has(u)) continue;
      group.set(u, members);
      members.push(u);
      for (const j of u.phrase) if (focal.has(focus.terms[j]!)) stack.push(focus.terms[j]!);
    }
  }
  const mass = (g: FocusTerm[]) => g.reduce((a, t) => a + t.weight, 0);
  return [...new Set(group.values())].sort((a, b) => mass(b) - mass(a))[0] ?? [];
}

/**
 * The focus as words of the question, for notes and the footer, in question order: the focus
 * phrase with the partners the pool uses it with, or a lone word with its neighbours in the question ("dropped tokens").
 */
export function focusWords(focus: Focus, max = 3): string[] {
  const head = focusPhrase(focus).filter((t) => !t.byTerm);
  if (!head.length) return [];
  const lone = head.length === 1 && head[0]!.phrase.length === 0;
  const phrase = new Set([...head, ...head.flatMap((t) => (lone ? t.partners : t.phrase).map((p) => focus.terms[p]!))]);
  return focus.terms.filter((t) => phrase.has(t)).slice(0, max).map((t) => t.word);
}

/**
 * Near neighbours of the focus words among `vocabulary` (the pool's terms), by the cosine of
 * the built-in model's term vectors; topic words never count. `vectorsOf` gives the unit vectors
 * of the terms it knows, asked once for all of them (a model opened in parts reads them in one pass).
 */
export function addNeighbours(focus: Focus, vocabulary: Iterable<string>, vectorsOf: (terms: readonly string[]) => ReadonlyMap<string, Float32Array>): void {
  const topic = new Set(focus.terms.filter((t) => t.topicShare >= TOPIC_SHARE).map((t) => t.term));
  const own = new Set(focus.terms.map((t) => t.term));
  const asked = focus.terms.filter((t) => !t.framing && !t.byTerm && t.topicShare < TOPIC_SHARE);
  if (asked.length === 0) return;
  const others = [...new Set(vocabulary)].filter((u) => !topic.has(u) && !own.has(u));
  const vectors = vectorsOf([...asked.map((t) => t.term), ...others]);
  const candidates = others.flatMap((u) => {
    const v = vectors.get(u);
    return v ? [[u, v] as const] : [];
  });
  for (const t of asked) {
    const q = vectors.get(t.term);
    if (!q) continue;
    for (const [u, v] of candidates) {
      let dot = 0;
      for (let k = 0; k < q.length; k++) dot += q[k]! * v[k]!;
      if (dot >= NEIGHBOUR_SIMILARITY) t.neighbours.set(u, dot);
    }
  }
}
