import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ERROR_CODES } from '../core/errors.js';
import { FORMATS, type FormatName } from '../core/paper.js';
import { endsRun, notReached, startIngest, type IngestReport } from '../ingest/pipeline.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { openLibraryStore } from '../library/open-library-store.js';
import { EXIT, type CliContext } from './main.js';
import { indexNotSaved } from './output.js';
import { filesProgress, progressBar } from './progress.js';

/** Skipped records listed in full up to this many per file; the rest are counted. */
const SHOW_SKIPS = 20;

export function registerIngest(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('ingest listing files (format auto-detected; gzip read transparently; - for stdin)')
    .argument('<files...>', 'files to ingest')
    .addOption(new Option('--format <format>', 'force the format instead of detecting it').choices(FORMATS))
    .option('--json', 'print a JSON report')
    .action(async (files: string[], opts: { format?: FormatName; json?: boolean }) => {
      const config = ctx.config();
      const store = openLibraryStore(config);
      const reports: IngestReport[] = [];
      try {
        const session = await startIngest(store);
        try {
          const options = { today: config.today, ...(opts.format ? { format: opts.format } : {}) };
          const progress = filesProgress('ingesting', sizesOf(files), { stream: ctx.err });
          for (const [i, file] of files.entries()) {
            const next = files[i + 1];
            if (next !== undefined && next !== '-') session.prefetch(next, options);
            const report = await session.ingest(file, { ...options, onProgress: (n: number) => progress.reading(i, n) });
            progress.read(i, report.records);
            reports.push(report);
            if (!opts.json) progress.print(describe(report));
            if (endsRun(report)) {
              const rest = files.slice(i + 1);
              reports.push(...rest.map((f) => notReached(f, report)));
              if (rest.length && !opts.json) progress.print(`not ingested (the run stopped): ${rest.join(' ')}\n`);
              break;
            }
          }
          const sum = (k: 'added' | 'merged') => reports.reduce((n, r) => n + r[k], 0).toLocaleString('en');
          progress.done(`${sum('added')} new papers, ${sum('merged')} merged`);
          // When the library took no more writes, the indexes catch up on the next command instead.
          if (!reports.some(endsRun)) {
            await session.finish();
            const bar = progressBar('indexing', 'papers', undefined, { stream: ctx.err });
            await refreshLexicalIndex(store, {
              onProgress: (n) => bar.update(n),
              warn: indexNotSaved(ctx.err),
            });
            bar.done();
          }
        } finally {
          await session.close();
        }
      } finally {
        await store.close();
      }
      if (opts.json) ctx.out.write(`${JSON.stringify(reports, null, 2)}\n`);
      ctx.setExitCode(exitCode(reports));
    });
}

/** Each file's size, undefined for standard input or a file that cannot be read (its ingest says why). */
function sizesOf(files: string[]): (number | undefined)[] {
  return files.map((f) => {
    try {
      return f === '-' ? undefined : statSync(f).size;
    } catch {
      return undefined;
    }
  });
}

const counts = (r: IngestReport) => `${r.records} records: ${r.added} new papers, ${r.merged} merged, ${r.unchanged} unchanged`;

function describe(r: IngestReport): string {
  if (r.error && !endsRun(r)) return `${r.input}: error: ${r.error.message}\n`;
  if (r.error) {
    const where = r.stoppedAtLine !== undefined ? `stopped at line ${r.stoppedAtLine}` : 'stopped';
    return (
      `${r.input}: ${where}: ${r.error.message}\n` +
      `  committed before it: ${counts(r)}; run the same command again to complete it (what is in is skipped)\n`
    );
  }
  const lines = [`${r.input}: ${r.format}: ${counts(r)}, ${r.skipped.length} skipped`];
  for (const s of r.skipped.slice(0, SHOW_SKIPS)) lines.push(`  skipped ${r.input}:${s.line}: ${s.reason}`);
  if (r.skipped.length > SHOW_SKIPS) lines.push(`  … and ${r.skipped.length - SHOW_SKIPS} more skipped (paperboy stats lists them per file)`);
  return `${lines.join('\n')}\n`;
}

/**
 * 0 when everything went in; PARTIAL when some records or files did not; the error's code when
 * nothing did, or when the library stopped taking writes (a full disk).
 */
export function exitCode(reports: IngestReport[]): number {
  const ended = reports.find(endsRun)?.error;
  if (ended) return ERROR_CODES[ended.code].exit;
  const failed = reports.filter((r) => r.error);
  if (failed.length === reports.length && failed[0]?.error) return ERROR_CODES[failed[0].error.code].exit;
  if (failed.length > 0 || reports.some((r) => r.skipped.length > 0)) return EXIT.PARTIAL;
  return EXIT.OK;
}
