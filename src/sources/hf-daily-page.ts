/**
 * The text of a Hugging Face "Daily Papers" page copied from a browser: page chrome, the page
 * date ("Dec 11"), then per paper a title, an abstract, optionally `• N authors` or an
 * organization, a `·` line and a date line ("Mar 7, 2024 3" = date and upvotes; "May 28" = year
 * implied by the page date). Blank lines carry no meaning, so they are dropped first. Entries
 * depend on their neighbours (an organization line is told from the next title by what follows
 * it), so the parser is not line-oriented.
 */
import { monthNumber, parseLooseDate } from '../core/dates.js';
import type { PaperRecord } from '../core/paper.js';
import type { ParseItem, SourceParser } from './source-parser.js';
import { nonBlankLines, type Line } from './lines.js';

const CHROME = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);
const MIDDOT = '\u00b7';
const AUTHORS = /^\u2022\s*(\d+)\s+authors?$/;
// "Mar 30, 2023", "Mar 7, 2024 3", "May 28", "Apr 7 2": a year always follows a comma.
const DATE = /^([A-Z][a-z]{2,8})\.? (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$/;
/** Titles are shorter than this and abstracts longer. */
const ABSTRACT_MIN_CHARS = 250;

interface DateLine {
  month: string;
  day: string;
  year?: string;
  upvotes?: number;
}

function readDateLine(text: string): DateLine | undefined {
  const m = DATE.exec(text);
  if (!m || !monthNumber(m[1]!)) return undefined;
  return { month: m[1]!, day: m[2]!, year: m[3], upvotes: m[4] === undefined ? undefined : Number(m[4]) };
}

/** ISO date; a missing year is the latest one that does not put the date after `reference`. */
function resolveDate(d: DateLine, reference: string): string | undefined {
  if (d.year) return parseLooseDate(`${d.month} ${d.day}, ${d.year}`);
  const year = Number(reference.slice(0, 4));
  const sameYear = parseLooseDate(`${d.month} ${d.day}`, year);
  // Feb 29 in a non-leap reference year also belongs to an earlier year.
  return sameYear && sameYear <= reference ? sameYear : parseLooseDate(`${d.month} ${d.day}`, year - 1);
}

type Kind = 'title' | 'abstract' | 'authors' | 'middot' | 'date';

function kindOf(text: string): Kind {
  if (text === MIDDOT) return 'middot';
  if (AUTHORS.test(text)) return 'authors';
  if (readDateLine(text)) return 'date';
  return text.length >= ABSTRACT_MIN_CHARS ? 'abstract' : 'title';
}

/**
 * Where the papers start, and the reference date for implied years. The page date is the first
 * date line before any abstract, and everything before it is chrome. Without one (a paste of the
 * list alone), only the known chrome lines are skipped and `today` is the reference.
 */
function readHeader(lines: Line[], kinds: Kind[], today: string): { start: number; reference: string } {
  for (let i = 0; i < lines.length && kinds[i] !== 'abstract'; i++) {
    if (kinds[i] === 'date') {
      return { start: i + 1, reference: resolveDate(readDateLine(lines[i]!.text)!, today) ?? today };
    }
  }
  let start = 0;
  while (start < lines.length && CHROME.has(lines[start]!.text)) start++;
  return { start, reference: today };
}

function* parseEntries(lines: Line[], kinds: Kind[], start: number, reference: string): Generator<ParseItem> {
  let i = start;
  while (i < lines.length) {
    const at = i;
    const first = lines[at]!;
    const record: PaperRecord = {};
    if (kinds[i] === 'title' && kinds[i + 1] === 'abstract') {
      record.title = first.text;
      record.abstract = lines[i + 1]!.text;
      i += 2;
    } else if (kinds[i] === 'abstract') {
      // The title was lost in the copy; the abstract is still a paper (titles are derived later).
      record.abstract = first.text;
      i += 1;
    } else if (kinds[i] === 'title') {
      i += 1;
    }

    if (kinds[i] === 'authors') {
      record.authorCount = Number(AUTHORS.exec(lines[i]!.text)![1]);
      i += 1;
    } else if (kinds[i] === 'title' && (kinds[i + 1] === 'middot' || kinds[i + 1] === 'date')) {
      // A short line before the `·` or a date is an organization; before an abstract it would be
      // the next paper's title.
      record.organization = lines[i]!.text;
      i += 1;
    }
    if (kinds[i] === 'middot') i += 1;
    if (kinds[i] === 'date') {
      const dateLine = readDateLine(lines[i]!.text)!;
      const date = resolveDate(dateLine, reference);
      if (date) record.date = date;
      if (dateLine.upvotes !== undefined) record.upvotes = dateLine.upvotes;
      i += 1;
    }

    if (record.abstract) {
      yield { ok: true, record, line: first.line };
    } else {
      // One report for the whole broken entry, not one per leftover line.
      const reason = kinds[at] === 'title' ? 'title without an abstract' : 'entry without a title or abstract';
      yield { ok: false, line: first.line, reason };
    }
  }
}

export const hfDailyPageParser: SourceParser = {
  format: 'hf-daily-page',
  lineOriented: false,

  detect(sample) {
    const lines = nonBlankLines(sample).map((l) => l.text);
    const chrome = lines.filter((l) => CHROME.has(l) && l !== 'new').length;
    const middots = lines.filter((l) => l === MIDDOT).length;
    const authors = lines.filter((l) => AUTHORS.test(l)).length;
    if (chrome >= 2 || (middots > 0 && authors > 0)) return 0.95;
    if (chrome === 1 || middots > 0 || authors > 0) return 0.4;
    return 0;
  },

  *parse(text, context) {
    const lines = nonBlankLines(text, context.firstLine);
    const kinds = lines.map((l) => kindOf(l.text));
    const { start, reference } = readHeader(lines, kinds, context.today);
    yield* parseEntries(lines, kinds, start, reference);
  },
};
