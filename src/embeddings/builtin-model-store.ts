/**
 * The built-in model lives in the library, as a store artifact: trained on the library's own
 * papers by `paperboy embed`, retrained when the library has grown enough that its vocabulary
 * and associations are stale.
 */
import type { Store } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';
import { BuiltinEmbeddingProvider } from './builtin/builtin-provider.js';
import { STATIC_MODEL_FORMAT_VERSION } from './builtin/static-model.js';
import { trainStaticModel, type TrainOptions, type TrainProgress } from './builtin/train.js';

export const BUILTIN_MODEL_ARTIFACT = 'builtin-embedding-model';
/** Retrain once the library has this much more than the model was trained on. */
const RETRAIN_GROWTH = 0.2;

const TRAINED_ON = 'builtin-model-papers';

export async function loadBuiltinModel(store: Store): Promise<{ provider: BuiltinEmbeddingProvider; trainedOn: number } | undefined> {
  const artifact = await store.getArtifact(BUILTIN_MODEL_ARTIFACT);
  if (!artifact || artifact.version !== STATIC_MODEL_FORMAT_VERSION) return undefined;
  try {
    return { provider: BuiltinEmbeddingProvider.fromBytes(artifact.bytes), trainedOn: Number((await store.getSetting(TRAINED_ON)) ?? 0) };
  } catch {
    return undefined;
  }
}

export interface TrainOutcome {
  provider: BuiltinEmbeddingProvider;
  trained: boolean;
  papers: number;
}

/** The stored model, or a newly trained one when there is none, it is stale, or `retrain` asks. */
export async function ensureBuiltinModel(
  store: Store,
  options: { retrain?: boolean; train?: TrainOptions; onProgress?: (p: TrainProgress) => void } = {},
): Promise<TrainOutcome> {
  const papers = (await store.stats()).papers;
  const stored = await loadBuiltinModel(store);
  if (stored && !options.retrain && papers <= stored.trainedOn * (1 + RETRAIN_GROWTH)) {
    return { provider: stored.provider, trained: false, papers: stored.trainedOn };
  }
  const seq = await store.currentSeq();
  const docs: { title: string; abstract: string }[] = [];
  for await (const rows of store.iterateTexts(0)) {
    for (const r of rows) docs.push({ title: toPlainText(r.title), abstract: toPlainText(r.abstract) });
  }
  const model = trainStaticModel(docs, options.train ?? {}, options.onProgress);
  await store.putArtifact(BUILTIN_MODEL_ARTIFACT, { version: STATIC_MODEL_FORMAT_VERSION, seq, bytes: model.serialize() });
  await store.setSetting(TRAINED_ON, String(docs.length));
  return { provider: new BuiltinEmbeddingProvider(model), trained: true, papers: docs.length };
}
