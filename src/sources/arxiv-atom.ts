/**
 * arXiv query API responses (Atom 1.0 with `arxiv:` extensions), and the feeds that list papers
 * the same way: any Atom feed, RSS 2.0 (arXiv's per-category feeds) or RSS 1.0. Namespace
 * prefixes are dropped, so `arxiv:doi` reads as `doi` and `dc:creator` as `creator`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PaperboyError } from '../core/errors.js';
import { parseLooseDate } from '../core/dates.js';
import { normaliseDoi } from '../core/identifiers.js';
import type { PaperRecord } from '../core/paper.js';
import type { ParseContext, ParseItem, SourceParser } from './source-parser.js';
import {
  arxivRefIn, defined, isObject, nonEmpty, oneLine, splitAuthors, textOf, texts, toItem, unique, type JsonObject,
} from './field-mapping.js';

const ALWAYS_LISTS = new Set(['entry', 'item', 'author', 'category', 'link', 'creator']);

/** The XML parser of the XML formats (this one, arxiv-oai): elements named in `lists` are always arrays. */
export function sourceXmlParser(lists: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    parseTagValue: false,
    // Decodes numeric character references (and HTML names, which feeds use in escaped markup).
    htmlEntities: true,
    // Gives each node its start offset: the line an entry starts on.
    captureMetaData: true,
    isArray: (name) => lists.has(name),
  });
}

const xml = sourceXmlParser(ALWAYS_LISTS);

/** Validates then parses: malformed or refused XML is a BAD_INPUT naming the file (and the line where known). */
export function parseSourceXml(parser: XMLParser, source: string, context: { file: string; firstLine: number }): JsonObject {
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { msg, line } = valid.err;
    throw new MalformedXml(line + context.firstLine - 1, msg, `${context.file}: malformed XML at line ${line + context.firstLine - 1}: ${msg}`);
  }
  return parseValid(parser, source, context);
}

class MalformedXml extends PaperboyError {
  constructor(
    readonly line: number,
    readonly reason: string,
    message: string,
  ) {
    super('BAD_INPUT', message);
  }
}

/** A parsed XML text and the line it starts on: the whole file, or one entry of a damaged file. */
export interface XmlPiece {
  doc: JsonObject;
  text: string;
  firstLine: number;
}

/**
 * The element that holds one record (`tag`, "entry" say) and the elements around it that make one
 * such element a document of the format (["<feed>", "</feed>"]).
 */
export interface RecordElement {
  tag: string;
  wrap: [string, string];
}

/**
 * The XML of a file as parsed pieces. A file that validates is one piece. A malformed one is read
 * an element at a time (`<entry …>` to `</entry>`, each wrapped to a document of its own), so that
 * one broken entry (a cut line, a NUL) is that entry's skip, not the whole file's; each broken
 * element, and damage outside them, is a skipped item. BAD_INPUT when no element can be found.
 */
export function* xmlPieces(parser: XMLParser, source: string, context: ParseContext, element: RecordElement): Generator<XmlPiece | ParseItem> {
  let whole: JsonObject;
  try {
    whole = parseSourceXml(parser, source, context);
  } catch (err) {
    if (!(err instanceof MalformedXml)) throw err;
    yield* salvage(err);
    return;
  }
  yield { doc: whole, text: source, firstLine: context.firstLine };

  function* salvage(damage: MalformedXml): Generator<XmlPiece | ParseItem> {
    const { tag, wrap } = element;
    const open = new RegExp(`<(?:[\\w.-]+:)?${tag}[\\s>]`, 'g');
    const close = new RegExp(`</(?:[\\w.-]+:)?${tag}\\s*>`, 'g');
    const lineAt = lineCounter(source, context.firstLine);
    let closing: RegExpExecArray | null | undefined;
    let found = false;
    const reported = new Set<number>();
    for (let start = open.exec(source); start; ) {
      found = true;
      const line = lineAt(start.index);
      // Searched again only once passed: a file with no closing tag costs one scan, not one per entry.
      if (closing === undefined || (closing && closing.index < start.index)) {
        close.lastIndex = start.index;
        closing = close.exec(source);
      }
      open.lastIndex = start.index + 1;
      const next = open.exec(source);
      if (!closing || (next && next.index < closing.index)) {
        reported.add(line);
        yield { ok: false, line, reason: `malformed XML: this <${tag}> does not close before ${next ? 'the next one' : 'the end'}` };
      } else {
        const text = `${wrap[0]}${source.slice(start.index, closing.index + closing[0].length)}${wrap[1]}`;
        const valid = XMLValidator.validate(text);
        if (valid === true) {
          yield { doc: parseValid(parser, text, context), text, firstLine: line };
        } else {
          reported.add(line);
          yield { ok: false, line, reason: `malformed XML in this <${tag}>, at line ${line + valid.err.line - 1}: ${valid.err.msg}` };
        }
      }
      start = next;
    }
    if (!found) throw damage;
    // The first damage the whole file showed, unless a broken element already told of it: it may
    // lie where no element was recognised (a cut start tag), whose record is then lost.
    if (!reported.has(damage.line)) yield { ok: false, line: damage.line, reason: `malformed XML: ${damage.reason}; the ${tag} elements were read one by one` };
  }
}

function parseValid(parser: XMLParser, source: string, context: { file: string }): JsonObject {
  try {
    return parser.parse(source) as JsonObject;
  } catch (err) {
    // The parser refuses what it will not do (external or parameter entities, nesting past its
    // limit): the file is unusable, not the ingest.
    throw new PaperboyError('BAD_INPUT', `${context.file}: unusable XML: ${(err as Error).message}`);
  }
}
// Typed as the `Symbol` wrapper; it is a plain symbol.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Offset of the element's start tag, recorded by captureMetaData. */
export function startOf(node: unknown): number {
  const meta = isObject(node) ? (node as Record<symbol, { startIndex?: number } | undefined>)[META] : undefined;
  return meta?.startIndex ?? 0;
}

/** Text of an element: a string, or `#text` beside attributes. */
export function text(node: unknown): string | undefined {
  return textOf(isObject(node) ? node['#text'] : node);
}

export const list = (node: unknown): unknown[] => (Array.isArray(node) ? node : node === undefined ? [] : [node]);
const attr = (node: unknown, name: string): string | undefined => (isObject(node) ? textOf(node[`@_${name}`]) : undefined);

function fromAtomEntry(entry: JsonObject): PaperRecord | string {
  const id = text(entry.id);
  // The API reports a bad query as a feed with one entry whose id is under /api/errors.
  if (id?.includes('arxiv.org/api/errors')) return `arXiv API error: ${text(entry.summary) ?? id}`;
  const links = list(entry.link);
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const url = attr(alternate, 'href');
  const ref = arxivRefIn(id) ?? arxivRefIn(url);
  const categories = [
    ...texts(list(entry.primary_category), (c) => attr(c, 'term')),
    ...texts(list(entry.category), (c) => attr(c, 'term') ?? text(c)),
  ];
  return defined({
    title: oneLine(text(entry.title)),
    abstract: text(entry.summary) ?? text(entry.content),
    authors: nonEmpty(texts(list(entry.author), (a) => (isObject(a) ? text(a.name) : text(a)))),
    date: parseLooseDate(text(entry.published) ?? text(entry.updated)),
    categories: nonEmpty(unique(categories)),
    arxivId: ref?.id,
    arxivVersion: ref?.version,
    doi: normaliseDoi(text(entry.doi)),
    url,
    comment: text(entry.comment),
    venue: text(entry.journal_ref),
  });
}

/** arXiv's RSS descriptions start "arXiv:2503.11731v1 Announce Type: new Abstract: ...". */
const ANNOUNCE = /^(arXiv:\S+)\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?/i;

function fromRssItem(item: JsonObject): PaperRecord | string {
  const description = text(item.description);
  const announce = description ? ANNOUNCE.exec(description) : null;
  const url = text(list(item.link)[0]);
  const ref = arxivRefIn(announce?.[1]) ?? arxivRefIn(url) ?? arxivRefIn(text(item.guid));
  return defined({
    title: oneLine(text(item.title)),
    abstract: announce ? textOf(description!.slice(announce[0].length)) : description,
    authors: nonEmpty(list(item.creator).flatMap((c) => splitAuthors(text(c) ?? ''))),
    date: parseLooseDate(text(item.pubDate) ?? text(item.date)),
    categories: nonEmpty(unique(texts(list(item.category), text))),
    arxivId: ref?.id,
    arxivVersion: ref?.version,
    url,
  });
}

/** Maps string offsets to line numbers; offsets must be asked for in increasing order. */
export function lineCounter(source: string, firstLine: number): (offset: number) => number {
  let line = firstLine;
  let at = 0;
  return (offset) => {
    for (let i = source.indexOf('\n', at); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) line++;
    at = Math.max(at, offset);
    return line;
  };
}

/** Atom entries in a feed; RSS items in a channel (2.0) or beside it (1.0). */
function recordElementOf(source: string): RecordElement {
  if (/<(?:[\w.-]+:)?feed[\s>]/.test(source)) return { tag: 'entry', wrap: ['<feed>', '</feed>'] };
  if (/<rss[\s>]/.test(source)) return { tag: 'item', wrap: ['<rss><channel>', '</channel></rss>'] };
  return { tag: 'item', wrap: ['<RDF>', '</RDF>'] };
}

export const arxivAtomParser: SourceParser = {
  format: 'arxiv-atom',
  lineOriented: false,
  longLines: true,

  detect(sample, name) {
    if (!/^\s*</.test(sample) || !/<(?:feed|rss|rdf:RDF)[\s>]/.test(sample)) return 0;
    const hint = /\.(xml|atom|rss)(\.gz)?$/i.test(name) ? 0.02 : 0;
    if (/arxiv\.org\/(?:abs|api|pdf)|<arxiv:|arXiv:\d{4}\./.test(sample)) return 0.95 + hint;
    return (/<(?:entry|item)[\s>]/.test(sample) ? 0.6 : 0.4) + hint;
  },

  *parse(source, context) {
    for (const piece of xmlPieces(xml, source, context, recordElementOf(source))) {
      if ('ok' in piece) {
        yield piece;
        continue;
      }
      const { doc } = piece;
      // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it, under <rdf:RDF>.
      const itemParent = isObject(doc.rss) ? doc.rss.channel : doc.RDF;
      const entries = isObject(doc.feed) ? list(doc.feed.entry) : isObject(itemParent) ? list(itemParent.item) : undefined;
      if (!entries) throw new PaperboyError('BAD_INPUT', `${context.file}: XML but neither an Atom feed nor an RSS channel`);
      const lineAt = lineCounter(piece.text, piece.firstLine);
      const map = isObject(doc.feed) ? fromAtomEntry : fromRssItem;
      for (const entry of entries) {
        yield toItem(isObject(entry) ? map(entry) : 'empty entry', lineAt(startOf(entry)));
      }
    }
  },
};
