import type { Command } from 'commander';
import { openLibraryStore } from '../library/open-library-store.js';
import type { CliContext } from './main.js';

export function registerStats(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description('papers, sources, merged duplicates and skipped records')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const store = openLibraryStore(ctx.config());
      try {
        const s = await store.stats();
        if (opts.json) {
          ctx.out.write(`${JSON.stringify({ library: store.location, ...s }, null, 2)}\n`);
          return;
        }
        const lines = [
          `library:           ${store.location}`,
          `papers:            ${s.papers}  (${s.titlesDerived} with derived titles)`,
          `records:           ${s.records}`,
          `merged duplicates: ${s.mergedDuplicates}${Object.keys(s.mergesByReason).length ? `  (${Object.entries(s.mergesByReason).map(([k, v]) => `${v} by ${k}`).join(', ')})` : ''}`,
          `skipped records:   ${s.skipped}`,
          `sources:           ${s.files.length} files${s.lastIngestedAt ? `, last ingest ${s.lastIngestedAt}` : ''}`,
        ];
        for (const f of s.files) lines.push(`  ${f.path}  ${f.format}  ${f.records} records, ${f.skipped} skipped`);
        for (const r of s.skippedRecords.slice(0, 100)) lines.push(`  skipped ${r.file}:${r.line}: ${r.reason}`);
        if (s.skippedRecords.length > 100) lines.push(`  … ${s.skippedRecords.length - 100} more (--json lists all)`);
        lines.push(`papers merged across different arXiv ids: ${s.crossIdMerges.length}`);
        for (const m of s.crossIdMerges)
          lines.push(`  ${m.paperId} = ${m.otherArxivId}  (${m.reason}${m.similarity !== undefined ? `, similarity ${m.similarity.toFixed(2)}` : ''})`);
        ctx.out.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
