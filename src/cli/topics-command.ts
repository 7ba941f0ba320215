import type { Command } from 'commander';
import { counted } from '../core/plural.js';
import { openStore } from '../store/open-store.js';
import { choosesTopicCount, MAX_TOPICS, type TopicBuildPhase, type TopicProgress } from '../topics/build-topic-model.js';
import { refreshTopicModel } from '../topics/topic-cache.js';
import { representativePapers, topicOverview } from '../topics/topic-report.js';
import type { CliContext } from './main.js';
import { phasedProgress, type Phase, type ProgressStream } from './progress.js';
import { wholeNumberFlag } from './whole-number-flag.js';

/**
 * A build's phases as the bar names them, with their shares: seconds in `topics --rebuild` on the
 * 74,724-paper embedded library (load 12): reading 41, vectors 11, k-means 65, placing 14. A small
 * library spends nearly all its time choosing its topic count instead (build-topic-model.ts): nine
 * tenths of the bar, when it does.
 */
const PHASES: Record<TopicBuildPhase, Phase & { name: string }> = {
  reading: { name: 'reading the papers', weight: 41, unit: 'papers' },
  vectors: { name: 'their vectors', weight: 11, unit: 'papers' },
  choosing: { name: 'choosing the topic count', weight: 9 * (41 + 11 + 65 + 14), unit: 'clusterings' },
  clustering: { name: 'clustering', weight: 65 },
  placing: { name: 'placing the papers', weight: 14 },
};

/**
 * A build's progress as one bar on a terminal (nothing elsewhere), drawn from the first report:
 * placing new papers in a model reports nothing, and then shows nothing.
 */
export function topicsProgress(stream: ProgressStream, choosesCount: boolean): { onProgress: TopicProgress; done(note: string): void } {
  const phases = Object.fromEntries(Object.entries(PHASES).flatMap(([phase, { name, ...p }]) => (phase === 'choosing' && !choosesCount ? [] : [[name, p]])));
  // Made now, so that rates count from the start; a summary only after a report.
  const bar = phasedProgress('topics', phases, { stream });
  let reported = false;
  return {
    onProgress: (phase, done, total) => {
      reported = true;
      bar.update(PHASES[phase].name, done, total);
    },
    done: (note) => reported && bar.done(note),
  };
}

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
        const progress = topicsProgress(ctx.err, !topics && choosesTopicCount((await store.stats()).papers));
        const model = await refreshTopicModel(store, { ...(flags.rebuild ? { rebuild: true } : {}), ...(topics ? { topics } : {}), onProgress: progress.onProgress });
        progress.done(model ? `${counted(model.clustered ? model.topics.length : 0, 'topic')} over ${counted(model.size, 'paper')}` : 'no papers');
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
          const figures = s
            ? ` (best split: ${counted(s.k, 'group')}, separation ${s.score.toFixed(3)} against ${s.chance.toFixed(3)} for the same papers with their ${model.space.kind === 'tfidf' ? 'words dealt out' : 'dimensions shuffled'} at random, where chance alone reaches a gap of ${s.chanceGap.toFixed(3)} ± ${s.chanceSd.toFixed(3)})`
            : '';
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
