import type { Command } from 'commander';
import { counted } from '../core/plural.js';
import { openStore } from '../store/open-store.js';
import { MAX_TOPICS } from '../topics/build-topic-model.js';
import { refreshTopicModel } from '../topics/topic-cache.js';
import { representativePapers, topicOverview } from '../topics/topic-report.js';
import type { CliContext } from './main.js';
import { wholeNumberFlag } from './whole-number-flag.js';

export function registerTopics(program: Command, ctx: CliContext): void {
  program
    .command('topics')
    .description('the library clustered into topics (built or brought up to date first): id, label, papers, representative, growth')
    .option('--rebuild', 'recluster the whole library rather than assign new papers to the existing topics')
    .option('--topics <n>', `number of topics to build (implies --rebuild; default: up to 2,000 papers, the count that splits them best above chance, or none; beyond, √(papers / 20), at most ${MAX_TOPICS})`)
    .option('--json', 'print JSON')
    .action(async (flags: { rebuild?: boolean; topics?: string; json?: boolean }) => {
      const topics = flags.topics === undefined ? undefined : wholeNumberFlag(flags.topics, '--topics', { min: 2, max: 500 });
      const store = openStore(ctx.config());
      try {
        const model = await refreshTopicModel(store, { ...(flags.rebuild ? { rebuild: true } : {}), ...(topics ? { topics } : {}) });
        if (!model) {
          ctx.out.write(flags.json ? '{"topics":[]}\n' : 'No topics: the library has no papers yet (paperboy ingest FILE).\n');
          return;
        }
        // A library that does not split better than chance is held as one group: no topics to list (as /topics and the API).
        const overview = model.clustered ? topicOverview(model) : [];
        const reps = await representativePapers(store, overview);
        if (flags.json) {
          const rows = overview.map((t) => {
            const rep = reps.get(t.representative);
            return { id: t.id, label: t.label, terms: t.terms, papers: t.papers, growth: +t.growth.toFixed(3), representative: rep ? { id: rep.id, title: rep.title } : null };
          });
          ctx.out.write(`${JSON.stringify({ space: model.space.kind, papers: model.size, clustered: model.clustered, topics: rows }, null, 2)}\n`);
          return;
        }
        const space = model.space.kind === 'embedding' ? 'embeddings' : 'TF-IDF';
        if (!model.clustered) {
          const s = model.separation;
          const figures = s ? ` (best split: ${counted(s.k, 'group')}, separation ${s.score.toFixed(3)} against ${s.chance.toFixed(3)} for the same papers shuffled)` : '';
          ctx.out.write(`No topics: these ${counted(model.size, 'paper')} do not split into topics better than chance on ${space}${figures}. Topics appear as the library grows.\n`);
          return;
        }
        ctx.out.write(`${counted(overview.length, 'topic')} over ${counted(model.size, 'paper')} (clustered on ${space})\n\n`);
        for (const t of overview) {
          const rep = reps.get(t.representative);
          const growth = `${t.growth >= 0 ? '+' : ''}${t.growth.toFixed(2)}`;
          ctx.out.write(`${t.id.padEnd(10)} ${t.label}\n${''.padEnd(10)} ${counted(t.papers, 'paper')}, growth ${growth}${rep ? `; e.g. ${rep.title} (${rep.id})` : ''}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
