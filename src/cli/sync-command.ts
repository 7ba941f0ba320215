import type { Command } from 'commander';
import { ERROR_CODES, PaperboyError } from '../core/errors.js';
import { counted } from '../core/plural.js';
import type { PoliteClientOptions } from '../net/polite-client.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { openLibraryStore } from '../library/open-library-store.js';
import type { Store } from '../store/store.js';
import { scheduleInterval } from '../sync/duration.js';
import { openSource } from '../sync/open-source.js';
import { runSync, syncFollowed, type SourceReport, type SyncOptions } from '../sync/run-sync.js';
import { startSchedule } from '../sync/schedule.js';
import { listSources, removeSource, type SourceState } from '../sync/sync-state.js';
import { SourceSpec, type SyncSource } from '../sync/sync-source.js';
import { EXIT, type CliContext } from './main.js';
import { wholeNumberFlag } from './whole-number-flag.js';
import { indexNotSaved } from './output.js';
import { progressBar } from './progress.js';

interface SyncFlags {
  category?: string[];
  query?: string;
  set?: string;
  metadataPrefix?: string;
  since?: string;
  max?: string;
  pageSize?: string;
  baseUrl?: string;
  delay?: string;
  retries?: string;
  dryRun?: boolean;
  json?: boolean;
  list?: boolean;
  remove?: string;
  every?: string;
}

const KINDS: string[] = SourceSpec.options.map((o) => o.shape.kind.value);

export function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('fetch new papers from live sources (arxiv, oai, hf, feed URL) and remember them; without a source, sync every remembered one')
    .argument('[source]', `a source to sync and remember: ${KINDS.join(', ')}`)
    .argument('[url]', 'the feed URL (for feed)')
    .option('--category <cats>', 'arXiv categories, e.g. cs.CL (arxiv; comma-separated or repeated)', (v: string, all: string[] = []) => [...all, v])
    .option('--query <query>', 'arXiv search query: words, or fields such as ti:… abs:… au:… (arxiv)')
    .option('--set <set>', 'OAI-PMH set, e.g. cs or physics:hep-th (oai)')
    .option('--metadata-prefix <prefix>', 'OAI-PMH metadata format: arXiv or arXivRaw (oai)', 'arXiv')
    .option('--since <date>', 'how far back the first sync goes (YYYY-MM-DD)')
    .option('--max <n>', 'papers per run at most (arxiv; default 1000)')
    .option('--page-size <n>', 'papers per request (arxiv; default 100)')
    .option('--base-url <url>', 'the endpoint, for a mirror or a test server')
    .option('--delay <ms>', "least milliseconds between requests to one host (default: the source's own: 3000 for arXiv)")
    .option('--retries <n>', 'retries of a failed request (default 4)')
    .option('--dry-run', 'fetch and report what would be added, writing nothing')
    .option('--json', 'print a JSON report')
    .option('--list', 'list the sources this library follows')
    .option('--remove <key>', 'stop following a source (its key, as --list shows it)')
    .option('--every <duration>', 'sync again every 30m, 6h, 1d… until stopped (Ctrl-C)')
    .action(async (kind: string | undefined, url: string | undefined, flags: SyncFlags) => {
      const every = flags.every === undefined ? undefined : scheduleInterval(flags.every, '--every');
      const source = kind === undefined ? undefined : openSource(specOf(kind, url, flags));
      const config = ctx.config();
      const store = openLibraryStore(config);
      try {
        if (flags.list) return printList(ctx, await listSources(store), flags.json);
        if (flags.remove !== undefined) {
          await removeSource(store, flags.remove);
          if (!flags.json) ctx.err.write(`paperboy: no longer following ${flags.remove}\n`);
          else ctx.out.write(`${JSON.stringify({ removed: flags.remove })}\n`);
          return;
        }
        const options: SyncOptions = { today: config.today, http: httpOptions(flags), ...(flags.dryRun ? { dryRun: true } : {}) };
        const once = async () => {
          // A sync's total is not known ahead (sources page until they run dry): a count, a rate, a summary.
          const bar = progressBar(flags.dryRun ? 'checking' : 'syncing', 'records', undefined, { stream: ctx.err });
          const seen = new Map<string, SourceReport>();
          const onPage = (key: string, r: SourceReport) => {
            seen.set(key, r);
            const all = [...seen.values()];
            bar.update(all.reduce((n, x) => n + x.records, 0), undefined, `${all.reduce((n, x) => n + x.pages, 0)} pages · ${key}`);
          };
          const reports = await syncOnce(store, source, { ...options, onPage });
          bar.done(`${counted(reports.length, 'source')}, ${reports.reduce((n, r) => n + r.added, 0).toLocaleString('en')} ${flags.dryRun ? 'would be new' : 'new papers'}`);
          await report(ctx, store, reports, flags);
        };
        if (every === undefined) return await once();
        await new Promise<void>((resolve) => {
          const schedule = startSchedule(every, once, (err) => ctx.err.write(`paperboy: sync failed: ${(err as Error).message}\n`));
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void schedule.stop().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      } finally {
        await store.close();
      }
    });
}

async function syncOnce(store: Store, source: SyncSource | undefined, options: SyncOptions): Promise<SourceReport[]> {
  if (source) return runSync(store, [source], options);
  const reports = await syncFollowed(store, options);
  if (reports.length === 0) {
    throw new PaperboyError('BAD_INPUT', 'the library follows no source yet: paperboy sync arxiv --category cs.CL (or oai, hf, feed URL)');
  }
  return reports;
}

async function report(ctx: CliContext, store: Store, reports: SourceReport[], flags: SyncFlags): Promise<void> {
  if (!flags.dryRun && reports.some((r) => r.pages > 0)) await refreshLexicalIndex(store, { warn: indexNotSaved(ctx.err) });
  const papers = (await store.stats()).papers;
  if (flags.json) {
    const sources = reports.map(({ key, kind, pages, records, added, merged, unchanged, skipped, cursor, error }) => ({
      key, kind, pages, records, added, merged, unchanged, skipped, cursor: cursor ?? null, error: error ?? null,
    }));
    ctx.out.write(`${JSON.stringify({ dryRun: flags.dryRun === true, sources, papers })}\n`);
  } else {
    for (const r of reports) ctx.err.write(describe(r, flags.dryRun === true));
    ctx.err.write(`paperboy: ${counted(papers, 'paper')} in the library\n`);
  }
  ctx.setExitCode(exitCode(reports));
}

function describe(r: SourceReport, dryRun: boolean): string {
  const counts = `${r.pages} pages, ${r.records} records: ${r.added} ${dryRun ? 'would be new' : 'new papers'}, ${dryRun ? '' : `${r.merged} merged, `}${r.unchanged} unchanged, ${r.skipped} skipped`;
  return `${r.key}: ${counts}${r.error ? `\n${r.key}: error: ${r.error.message}` : ''}\n`;
}

/** 0 when every source synced; PARTIAL when some failed; the first error's code when all did. */
function exitCode(reports: SourceReport[]): number {
  const failed = reports.filter((r) => r.error);
  if (failed.length > 0 && failed.length === reports.length) return ERROR_CODES[failed[0]!.error!.code].exit;
  if (failed.length > 0 || reports.some((r) => r.skipped > 0)) return EXIT.PARTIAL;
  return EXIT.OK;
}

function printList(ctx: CliContext, sources: SourceState[], json: boolean | undefined): void {
  if (json) {
    ctx.out.write(`${JSON.stringify(sources.map((s) => ({ key: s.key, kind: s.spec.kind, spec: s.spec, cursor: s.cursor ?? null, totalAdded: s.totalAdded, lastRun: s.lastRun ?? null })))}\n`);
    return;
  }
  if (sources.length === 0) ctx.out.write('no sources followed yet: paperboy sync arxiv --category cs.CL (or oai, hf, feed URL)\n');
  for (const s of sources) {
    const last = s.lastRun ? `last run ${s.lastRun.at}: ${s.lastRun.added} added${s.lastRun.error ? `, error: ${s.lastRun.error.message}` : ''}` : 'never run';
    ctx.out.write(`${s.key}\n  ${last}; ${s.totalAdded} added in all; cursor ${s.cursor ?? '(none)'}\n`);
  }
}

const integer = (value: string | undefined, what: string): number | undefined => (value === undefined ? undefined : wholeNumberFlag(value, what));

function httpOptions(flags: SyncFlags): PoliteClientOptions {
  const minDelayMs = integer(flags.delay, '--delay');
  const retries = integer(flags.retries, '--retries');
  return { ...(minDelayMs !== undefined ? { minDelayMs } : {}), ...(retries !== undefined ? { retries } : {}) };
}

/** The spec the flags describe, validated: BAD_INPUT naming what is wrong. */
function specOf(kind: string, url: string | undefined, flags: SyncFlags): SourceSpec {
  if (!KINDS.includes(kind)) throw new PaperboyError('BAD_INPUT', `unknown source "${kind}"; sources: ${KINDS.join(', ')}`);
  if (url !== undefined && kind !== 'feed') throw new PaperboyError('BAD_INPUT', `a URL goes with feed only (for ${kind}, --base-url)`);
  const common = { ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}), ...(flags.since ? { since: flags.since } : {}) };
  const raw =
    kind === 'arxiv'
      ? {
          kind,
          categories: (flags.category ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean),
          ...(flags.query ? { query: flags.query } : {}),
          ...(flags.max ? { max: integer(flags.max, '--max') } : {}),
          ...(flags.pageSize ? { pageSize: integer(flags.pageSize, '--page-size') } : {}),
          ...common,
        }
      : kind === 'oai'
        ? { kind, metadataPrefix: flags.metadataPrefix, ...(flags.set ? { set: flags.set } : {}), ...common }
        : kind === 'hf'
          ? { kind, ...common }
          : { kind, url };
  const parsed = SourceSpec.safeParse(raw);
  if (!parsed.success) {
    throw new PaperboyError('BAD_INPUT', `sync ${kind}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
