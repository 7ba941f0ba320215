import type { Command } from 'commander';
import { Option } from 'commander';
import { embedLibrary } from '../embeddings/embed-library.js';
import { EmbeddingSpecSchema, type EmbeddingSpec } from '../embeddings/create-provider.js';
import { openProvider } from '../embeddings/open-provider.js';
import { PaperboyError } from '../core/errors.js';
import { openLibraryStore } from '../library/open-library-store.js';
import type { CliContext } from './main.js';
import { phasedProgress, type PhasedProgress } from './progress.js';

interface EmbedFlags {
  provider: EmbeddingSpec['kind'];
  modelDir?: string;
  baseUrl?: string;
  model?: string;
  retrain?: boolean;
  json?: boolean;
}

export function registerEmbed(program: Command, ctx: CliContext): void {
  program
    .command('embed')
    .description(
      'embed the library for semantic and hybrid search: trains the built-in model on your papers (default), ' +
        'or uses a local ONNX model folder, or an OpenAI-compatible /v1/embeddings endpoint',
    )
    .addOption(new Option('--provider <kind>', 'embedding provider').choices(['builtin', 'onnx', 'openai']).default('builtin'))
    .option('--model-dir <dir>', 'onnx: a local sentence-embedding model folder (bge-small, e5, MiniLM …; needs paperboy install onnx)')
    .option('--base-url <url>', 'openai: the endpoint, e.g. http://localhost:11434/v1 (API key from $PAPERBOY_EMBEDDING_API_KEY)')
    .option('--model <name>', 'openai: the model name')
    .option('--retrain', 'builtin: retrain the model even if it is current')
    .option('--json', 'print a JSON report')
    .action(async (flags: EmbedFlags) => {
      const parsed = EmbeddingSpecSchema.safeParse({ kind: flags.provider, modelDir: flags.modelDir, baseUrl: flags.baseUrl, model: flags.model });
      if (!parsed.success) {
        const need = flags.provider === 'onnx' ? '--model-dir DIR' : '--base-url URL and --model NAME';
        throw new PaperboyError('BAD_INPUT', `--provider ${flags.provider} needs ${need}`);
      }
      const config = ctx.config();
      const store = openLibraryStore(config);
      try {
        // One percentage across the phases, weighted by their seconds in `embed` of the 75k
        // library with the built-in model (load 11-14): reading and analysing the papers 175,
        // training 437, embedding 319, the vector index 128. Without training, from embedding on.
        let bar: PhasedProgress | undefined;
        const phases = (training: boolean) =>
          phasedProgress(
            'embed',
            {
              ...(training ? { 'reading the papers': { weight: 175 }, training: { weight: 437 } } : {}),
              embedding: { weight: 319, unit: 'papers' },
              'indexing the vectors': { weight: 128, unit: 'vectors' },
            },
            { stream: ctx.err },
          );
        const provider = await openProvider(store, parsed.data, config.embeddingApiKey, {
          train: true,
          retrain: flags.retrain === true,
          onTrainStart: () => {
            bar ??= phases(true);
            bar.update('reading the papers', 0, 1);
          },
          onTrainProgress: (p) => {
            bar ??= phases(true);
            bar.update('training', p.done, 1, `epoch ${p.epoch + 1} of ${p.epochs}, loss ${p.loss.toFixed(3)}`);
          },
        });
        bar ??= phases(false);
        const papers = (await store.stats()).papers;
        const toEmbed = Math.max(0, papers - ((await store.vectorCounts())[provider.modelId] ?? 0));
        const report = await embedLibrary(store, provider, parsed.data, {
          onProgress: (n) => bar!.update('embedding', n, toEmbed),
          onIndexProgress: (n, total) => bar!.update('indexing the vectors', n, total),
        }).finally(() => provider.close?.());
        bar.done(`${report.embedded.toLocaleString('en')} papers embedded`);
        if (flags.json) ctx.out.write(`${JSON.stringify(report, null, 2)}\n`);
        else
          ctx.err.write(
            `${report.modelId}: ${report.embedded} papers embedded, ${report.papers} in the vector index` +
              `${report.dropped ? ` (${report.dropped} vectors of a previous model removed)` : ''}\n`,
          );
      } finally {
        await store.close();
      }
    });
}
