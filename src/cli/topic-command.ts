import type { Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import { paperJson } from '../core/paper-format.js';
import { counted } from '../core/plural.js';
import { topicOverview, topicPapers } from '../topics/topic-report.js';
import type { CliContext } from './main.js';
import { withLibrary } from './one-shot-library.js';
import { wholeNumberFlag } from './whole-number-flag.js';

export function registerTopic(program: Command, ctx: CliContext): void {
  program
    .command('topic')
    .description('one topic: its label, papers per week, representative paper and newest papers')
    .argument('<id>', 'topic id (from paperboy topics)')
    .option('-n, --limit <n>', 'number of papers', '10')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { limit: string; json?: boolean }) => {
      const limit = wholeNumberFlag(flags.limit, '--limit', { min: 1, max: 1000, code: 'BAD_QUERY' });
      await withLibrary(ctx, async (library) => {
        const store = library.store;
        const model = await library.topics();
        const index = model?.indexOf(id);
        if (!model || index === undefined) throw new PaperboyError('NOT_FOUND', `no topic ${id} (paperboy topics lists them; ids change when topics are rebuilt)`);
        const t = topicOverview(model, [index])[0]!;
        const page = topicPapers(model, index, 0, limit);
        const byDoc = new Map((await store.getPapersByDocIds([t.representative, ...page.docIds])).map((r) => [r.docId, r]));
        const rep = byDoc.get(t.representative);
        const papers = page.docIds.flatMap((docId) => byDoc.get(docId)?.paper ?? []);
        if (flags.json) {
          const topic = { id: t.id, label: t.label, terms: t.terms, papers: t.papers, growth: +t.growth.toFixed(3), series: t.series };
          ctx.out.write(`${JSON.stringify({ topic, representative: rep ? paperJson(rep.paper) : null, total: page.total, papers: papers.map(paperJson) }, null, 2)}\n`);
          return;
        }
        const lines = [`${t.label}  (${t.id})`, `${counted(t.papers, 'paper')}, growth ${t.growth.toFixed(2)}`];
        if (rep) lines.push(`representative: ${rep.paper.title} (${rep.paper.id})`);
        lines.push('', 'papers per week:');
        t.series.weeks.forEach((w, i) => t.series.papers[i] && lines.push(`  ${w}  ${String(t.series.papers[i]).padStart(5)}  ${t.series.upvotes[i] ? `${t.series.upvotes[i]} upvotes` : ''}`.trimEnd()));
        lines.push('', `newest papers (${page.docIds.length} of ${page.total}):`);
        for (const p of papers) lines.push(`  ${p.date ?? '          '}  ${p.title} (${p.id})`);
        ctx.out.write(`${lines.join('\n')}\n`);
      });
    });
}
