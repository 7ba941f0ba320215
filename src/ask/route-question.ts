/**
 * The retrieval decision, made before searching (active retrieval, as in FLARE: decide what and
 * whether to retrieve rather than always searching the raw question). Rules, cheap and offline:
 * a paper id (or --paper) scopes to that paper; recency words prefer recent papers; a
 * declarative sentence or a yes/no question ("is there evidence that…", "does X improve Y?") is a
 * claim to check; anything else asks about the library's content. An LLM engine may plan better;
 * these rules are the default.
 */
import { addDays } from '../core/dates.js';
import { HOW_MUCH } from './answer-type.js';
import type { AskPlan } from './ask-types.js';

/** arXiv ids (new and old style, any version) and paperboy's own `pb-` ids. */
const PAPER_ID = /\b(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?|pb-[0-9a-f]{8,})\b/;

/** Recency cues and how far back each looks (days), or a year. */
const RECENCY: { pattern: RegExp; days?: number; year?: true; label?: string }[] = [
  { pattern: /\b(today|yesterday|this week|last week|past week)\b/i, days: 7 },
  { pattern: /\b(this month|last month|past month)\b/i, days: 31 },
  { pattern: /\b(this year|last year|past year)\b/i, days: 365 },
  { pattern: /\b(?:in|since|from|of)?\s*((?:19|20)\d\d)\b/, year: true },
  { pattern: /\b(latest|recent|recently|newest|lately|what'?s new|new (?:papers?|work|results|preprints))\b/i, days: 90 },
];

/** Openings of questions that ask to check a statement; the rest of the sentence is the claim. */
const CLAIM_OPENINGS = /^(?:is (?:there|it) (?:any )?(?:evidence|true|the case|known) (?:that|for|of)|is it true|does the (?:library|literature) (?:show|support|say) that|do (?:papers|studies) (?:show|find) that|check(?: whether| if| that)?|verify(?: whether| if| that)?)\s+/i;
/** Yes/no questions: auxiliary first. */
const YES_NO = /^(?:does|do|did|is|are|was|were|can|could|will|would|has|have|had|should|may|might)\b/i;
/** Openings of content questions, dropped from the query ("how long" with its adjective: the answer type, answer-type.ts, asks for the number). */
const SCAFFOLD = new RegExp(
  String.raw`^(?:how (?:${HOW_MUCH})\b(?: (?:is|are|was|were|do|does|did|can|could|have|has))*|(?:what|which|who|how|why|when|where)(?: (?:is|are|was|were|do|does|did|can|could|have|has|kinds? of|types? of|methods?|papers?|work))*|tell me (?:about|what)|summari[sz]e|explain|describe|list|show me|give me|find|what do we know about|what does the library say about)\b\s*`,
  'i',
);
/** Words that say what kind of answer is wanted rather than what it is about. */
const META = /\b(?:papers?|studies|study|research|work|results|findings|advances|progress|developments|literature|library|evidence|latest|recent|recently|newest|lately|new papers?|this (?:week|month|year)|(?:last|past) (?:week|month|year)|today|yesterday|any|some|about)\b/gi;

/** Function words left at the front once the scaffolding is gone ("the … on X"). */
const LEADING = /^(?:(?:the|a|an|it|its|this|these|they|their|on|about|of|in|for|with|regarding|concerning)\s+)+/i;

export interface RouteOptions {
  /** --paper: scope to this paper. */
  paperId?: string;
  /** Today's date (ISO), for 'recent'. */
  today: string;
}

export function routeQuestion(question: string, options: RouteOptions): AskPlan {
  const q = question.trim().replace(/\s+/g, ' ');
  const mentioned = PAPER_ID.exec(q)?.[1];
  if (options.paperId || mentioned) {
    const paperId = options.paperId ?? mentioned!;
    return { kind: 'paper', query: strip(mentioned ? q.replace(mentioned, ' ') : q), paperId, why: options.paperId ? `scoped to paper ${paperId} (--paper)` : `mentions paper ${paperId}: answer from it` };
  }
  for (const cue of RECENCY) {
    const m = cue.pattern.exec(q);
    if (!m) continue;
    const since = cue.year ? `${m[1]}-01-01` : addDays(options.today, -cue.days!);
    const query = strip(cue.year ? q.replace(m[0], ' ') : q);
    return { kind: 'recent', query, since, why: `mentions '${m[0].trim()}': prefer papers since ${since}` };
  }
  const opening = CLAIM_OPENINGS.exec(q);
  if (opening) return { kind: 'claim', query: strip(q.slice(opening[0].length)), why: `asks to check a statement ('${opening[0].trim()}…')` };
  if (YES_NO.test(q)) return { kind: 'claim', query: strip(q.replace(YES_NO, ' ')), why: 'a yes/no question: check it as a claim' };
  if (!q.endsWith('?') && !SCAFFOLD.test(q) && q.split(' ').length >= 4) {
    return { kind: 'claim', query: strip(q), why: 'a statement, not a question: check it as a claim' };
  }
  return { kind: 'library', query: strip(q), why: "a question about the library's content" };
}

/** The query without question scaffolding, meta words and final punctuation; never empty when the question has words. */
function strip(q: string): string {
  const stripped = q.replace(SCAFFOLD, ' ').replace(META, ' ').replace(/[?!.]+$/, '').replace(/\s+/g, ' ').trim().replace(LEADING, '');
  return stripped || q.replace(/[?!.]+$/, '').trim();
}

