/**
 * A small mutation engine for the parser fuzz test (src/sources/parser-fuzz.test.ts) and its long
 * run (bench/fuzz-parsers.ts): the fixtures of every format, mutated by a seeded generator the way
 * files get damaged or made hostile, each run through the real read → detect → parse → prepare
 * path, and what the pages and ask then do with the records.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { paperSentences } from '../../ask/sentences.js';
import { buildProgram, exitCodeFor } from '../../cli/main.js';
import { loadConfig } from '../../core/config.js';
import { isPaperboyError } from '../../core/errors.js';
import { mulberry32 } from '../../core/random.js';
import { prepareInThread } from '../../ingest/record-stream.js';
import { deriveTitle } from '../../text/derive-title.js';
import { toPlainText } from '../../text/normalise.js';
import { renderRich } from '../../web/latex.js';
import { MAX_RECORD_BYTES } from '../record-limits.js';

export type Rng = () => number;

/** The seed files: every source fixture and the pages the sync tests fetch, by name. */
export function seedFiles(): { name: string; bytes: Buffer }[] {
  const dirs = [new URL('../fixtures/', import.meta.url), new URL('../../sync/fixtures/', import.meta.url)];
  return dirs.flatMap((dir) => readdirSync(dir).sort().map((name) => ({ name, bytes: readFileSync(new URL(name, dir)) })));
}

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rng, max: number) => Math.floor(r() * max);
const at = (r: Rng, b: Buffer) => int(r, b.length + 1);
const insert = (b: Buffer, pos: number, piece: Buffer | string) => Buffer.concat([b.subarray(0, pos), Buffer.from(piece), b.subarray(pos)]);

function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, from)) {
    out.push(b.subarray(from, i + 1));
    from = i + 1;
  }
  if (from < b.length) out.push(b.subarray(from));
  return out;
}

/** Sizes for runs and nesting: mostly small, sometimes large enough to show super-linear work. */
const runLength = (r: Rng, huge: boolean) => pick(r, huge ? [10, 1_000, 50_000, 200_000] : [10, 1_000, 20_000]);

/**
 * The mutations, by name. `huge` allows inputs of several MiB (a line over the record limit, runs
 * of 200,000 characters): the long run uses them; the CI test draws them rarely.
 */
export const MUTATIONS: Record<string, (b: Buffer, r: Rng, huge: boolean) => Buffer> = {
  flipBytes(b, r) {
    const out = Buffer.from(b);
    for (let n = 1 + int(r, 8); n > 0 && out.length; n--) {
      const i = int(r, out.length);
      out[i] = out[i]! ^ (1 + int(r, 255));
    }
    return out;
  },
  truncate: (b, r) => b.subarray(0, at(r, b)),
  duplicateLines(b, r) {
    const ls = lines(b);
    if (!ls.length) return b;
    const k = int(r, ls.length);
    return Buffer.concat([...ls.slice(0, k + 1), ...Array<Buffer>(1 + int(r, 50)).fill(ls[k]!), ...ls.slice(k + 1)]);
  },
  deleteLine(b, r) {
    const ls = lines(b);
    ls.splice(int(r, ls.length), 1);
    return Buffer.concat(ls);
  },
  swapLines(b, r) {
    const ls = lines(b);
    if (ls.length < 2) return b;
    const [i, j] = [int(r, ls.length), int(r, ls.length)];
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return Buffer.concat(ls);
  },
  insertNul: (b, r) => insert(b, at(r, b), '\0'.repeat(1 + int(r, 3))),
  crOnly: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'),
  crlf: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
  insertBom: (b, r) => insert(b, pick(r, [0, at(r, b)]), pick(r, ['\uFEFF', Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])])),
  hugeLine(b, r, huge) {
    const size = huge && r() < 0.5 ? MAX_RECORD_BYTES + int(r, 1_000_000) : pick(r, [70_000, 300_000]);
    const line = pick(r, [
      `Abstract: ${'We route tokens. '.repeat(size / 17)}`,
      `{"title": "Huge", "abstract": "${'x'.repeat(size)}"}`,
      `${'y'.repeat(size)}`,
    ]);
    const ls = lines(b);
    ls.splice(int(r, ls.length + 1), 0, Buffer.from(`${line}\n`));
    return Buffer.concat(ls);
  },
  deepNesting(b, r, huge) {
    const n = runLength(r, huge);
    const [open, close] = pick(r, [['{', '}'], ['[', ']'], ['<a>', '</a>'], ['\\frac{', '}'], ['\\textbf{', '}'], ['(', ')'], ['$', '$']]);
    return insert(b, at(r, b), r() < 0.5 ? open!.repeat(n) : `${open!.repeat(n)}x${close!.repeat(n)}`);
  },
  entities(b, r) {
    const doctype = pick(r, [
      '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE feed [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>',
      '<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ]);
    const text = b.toString('utf8');
    const decl = text.indexOf('?>');
    const withDoctype = decl >= 0 ? `${text.slice(0, decl + 2)}\n${doctype}${text.slice(decl + 2)}` : `${doctype}\n${text}`;
    return Buffer.from(withDoctype.replace(/<title>/, '<title>&xxe;&c;'));
  },
  unclosed: (b, r) => insert(b, at(r, b), pick(r, ['"', '{', '}', '(', '[', '$', '$$', '\\(', '<', '<!--', '<![CDATA['])),
  runs(b, r, huge) {
    return insert(b, at(r, b), pick(r, ['\\', '$', '-', ' ', '\t', '~', '. ', '*', '_', '@string{', '#', ',', '"', 'we propose ']).repeat(runLength(r, huge)));
  },
  bibMacros(b, r) {
    let macros = '@string{m0 = "abcdefgh"}\n';
    const depth = 4 + int(r, 12);
    for (let i = 1; i <= depth; i++) macros += `@string{m${i} = m${i - 1} # m${i - 1} # m${i - 1} # m${i - 1}}\n`;
    return insert(b, 0, `${macros}@article{bomb, title = {Bomb}, abstract = m${depth}}\n`);
  },
  garbage(b, r) {
    const junk = Buffer.alloc(1 + int(r, 64));
    for (let i = 0; i < junk.length; i++) junk[i] = pick(r, [0x80, 0xbf, 0xc0, 0xff, 0xfe, 0xed, 0x1b, 0x07, int(r, 256)]);
    return insert(b, at(r, b), junk);
  },
  utf16(b, r) {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]);
    return r() < 0.5 ? le : le.subarray(2);
  },
};

const NAMES = Object.keys(MUTATIONS);

export interface FuzzInput {
  /** The seed file's name, for detection hints and messages. */
  name: string;
  bytes: Buffer;
  /** What was done to it, e.g. "dump-sample.txt: truncate, runs". */
  description: string;
}

/** Inputs without end: a seed file, then one to three mutations, all drawn from `seed`. */
export function* fuzzInputs(seed: number, huge = false): Generator<FuzzInput> {
  const r = mulberry32(seed);
  const seeds = seedFiles();
  for (;;) {
    const file = pick(r, seeds);
    let bytes = file.bytes;
    const applied: string[] = [];
    for (let n = 1 + int(r, 3); n > 0; n--) {
      const name = pick(r, NAMES);
      bytes = MUTATIONS[name]!(bytes, r, huge);
      applied.push(name);
    }
    yield { name: file.name, bytes, description: `${file.name}: ${applied.join(', ')}` };
  }
}

export interface FuzzOutcome {
  /** Valid records prepared. */
  records: number;
  /** Records skipped, with a report. */
  skipped: number;
  /** The input as a whole was refused, with this code (a clear error, not a failure). */
  refused?: string;
  /** An exception that was not a PaperboyError: a failure. */
  crash?: Error;
  /** Characters of the records' text that the display steps worked on. */
  shown: number;
}

/**
 * Runs one input as `paperboy ingest` reads it (in this thread), then does with each record what
 * the pages and ask do: derive a title, render title and abstract, split sentences.
 */
export async function runInput(input: FuzzInput, today = '2026-11-22'): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { records: 0, skipped: 0, shown: 0 };
  try {
    for await (const event of prepareInThread(input.name, { bytes: input.bytes, today, batchSize: 500, thread: false })) {
      if (event.kind !== 'batch') continue;
      outcome.skipped += event.skipped.length;
      for (const r of event.records) {
        outcome.records++;
        r.nearDuplicate();
        const { title = '', abstract = '' } = r.record;
        const plain = toPlainText(abstract);
        deriveTitle(plain);
        outcome.shown += renderRich(title).value.length + renderRich(abstract).value.length + paperSentences({ abstract }).length;
      }
    }
  } catch (err) {
    if (isPaperboyError(err)) outcome.refused = err.code;
    else outcome.crash = err instanceof Error ? err : new Error(String(err));
  }
  return outcome;
}

/** `paperboy --data LIB ingest --json FILES…` through the CLI's own command, in this process. */
export async function cliIngest(lib: string, files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  let code = 0;
  const program = await buildProgram({
    config: () => loadConfig({ data: lib, env: { PAPERBOY_TODAY: '2026-11-22' } }),
    out,
    err: err as unknown as NodeJS.WriteStream,
    setExitCode: (c) => (code = c),
  }, 'ingest');
  try {
    await program.parseAsync(['node', 'paperboy', 'ingest', '--json', ...files]);
  } catch (e) {
    // As main() reports it: a stack means an unexpected error, exit 1.
    stderr += e instanceof Error ? (e.stack ?? e.message) : String(e);
    code = exitCodeFor(e);
  }
  return { code, stdout, stderr };
}
