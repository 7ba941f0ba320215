/**
 * The built-in model lives in the library, as a store artifact: trained on the library's own
 * papers by `paperboy embed`, retrained when the library has grown enough that its vocabulary
 * and associations are stale.
 */
import type { Store } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';
import { BuiltinEmbeddingProvider } from './builtin/builtin-provider.js';
import { STATIC_MODEL_FORMAT_VERSION, StaticModel, type VocabularyLookup } from './builtin/static-model.js';
import { isPaperboyError } from '../core/errors.js';
import { isCorruptArtifact } from '../store/artifact-file.js';
import type { TrainOptions, TrainProgress } from './builtin/train.js';

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

/**
 * The stored model opened in parts, for a one-shot command: a query reads the vectors of its few
 * terms, not the whole model. Undefined when there is none (or it cannot be read).
 */
export async function openBuiltinModel(store: Store): Promise<BuiltinEmbeddingProvider | undefined> {
  const reader = await store.openArtifact(BUILTIN_MODEL_ARTIFACT);
  if (reader?.version === STATIC_MODEL_FORMAT_VERSION) {
    try {
      const lookup = await savedLookup(store, reader.sha256);
      const model = StaticModel.open(reader, reader.sha256, lookup);
      if (!lookup) await saveLookup(store, model, reader.sha256, reader.seq);
      return new BuiltinEmbeddingProvider(model);
    } catch (err) {
      // Foreign or damaged: as if there were none.
      if (isPaperboyError(err) && !isCorruptArtifact(err)) throw err;
    }
  }
  reader?.close();
  return undefined;
}

/**
 * Beside the model, how to find its terms (text/vocabulary.ts): without it, opening the model
 * means a pass over 100,000 terms. Marked with the model's SHA-256; derived, so rebuilt at will.
 * Layout: the SHA-256 (32 bytes), u32 terms, u32 table size, i32[terms + 1] offsets, i32[size] table.
 */
const LOOKUP_ARTIFACT = 'builtin-model-lookup';
const LOOKUP_VERSION = 1;

async function savedLookup(store: Store, sha256: string): Promise<VocabularyLookup | undefined> {
  const reader = await store.openArtifact(LOOKUP_ARTIFACT);
  try {
    if (reader?.version !== LOOKUP_VERSION || reader.length < 40) return undefined;
    const head = reader.read(0, 40);
    if (Buffer.from(head.subarray(0, 32)).toString('hex') !== sha256) return undefined;
    const view = new DataView(head.buffer, head.byteOffset, 40);
    const [terms, size] = [view.getUint32(32, true), view.getUint32(36, true)];
    if (reader.length !== 40 + 4 * (terms + 1 + size)) return undefined;
    const ints = (at: number, n: number) => new Int32Array(reader.read(at, 4 * n).slice().buffer);
    return { offsets: ints(40, terms + 1), table: ints(40 + 4 * (terms + 1), size) };
  } catch (err) {
    if (isPaperboyError(err) && !isCorruptArtifact(err)) throw err;
    return undefined;
  } finally {
    reader?.close();
  }
}

async function saveLookup(store: Store, model: StaticModel, sha256: string, seq: number): Promise<void> {
  const { offsets, table } = model.vocabularyLookup;
  const head = new Uint8Array(40);
  head.set(Buffer.from(sha256, 'hex'));
  new DataView(head.buffer).setUint32(32, offsets.length - 1, true);
  new DataView(head.buffer).setUint32(36, table.length, true);
  const bytes = [head, new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength), new Uint8Array(table.buffer, table.byteOffset, table.byteLength)];
  try {
    await store.putArtifact(LOOKUP_ARTIFACT, { version: LOOKUP_VERSION, seq, bytes }, { ifIdle: true });
  } catch (err) {
    // Derived: the next command makes it again.
    if (!isPaperboyError(err)) throw err;
  }
}

/** How many papers the stored built-in model was trained on (undefined when none was). */
export async function builtinTrainedOn(store: Store): Promise<number | undefined> {
  const n = Number(await store.getSetting(TRAINED_ON));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export interface TrainOutcome {
  provider: BuiltinEmbeddingProvider;
  trained: boolean;
  papers: number;
}

/** The stored model, or a newly trained one when there is none, it is stale, or `retrain` asks. */
export async function ensureBuiltinModel(
  store: Store,
  options: { retrain?: boolean; train?: TrainOptions; onProgress?: (p: TrainProgress) => void; onStart?: () => void } = {},
): Promise<TrainOutcome> {
  const papers = (await store.stats()).papers;
  const stored = await loadBuiltinModel(store);
  if (stored && !options.retrain && papers <= stored.trainedOn * (1 + RETRAIN_GROWTH)) {
    return { provider: stored.provider, trained: false, papers: stored.trainedOn };
  }
  // Reading and analysing the papers comes before the first epoch: minutes on a large library.
  options.onStart?.();
  const seq = await store.currentSeq();
  const docs: { title: string; abstract: string }[] = [];
  for await (const rows of store.iterateTexts(0)) {
    for (const r of rows) docs.push({ title: toPlainText(r.title), abstract: toPlainText(r.abstract) });
  }
  // Imported when training: a command that only uses the model does without it.
  const { trainStaticModel } = await import('./builtin/train.js');
  const model = trainStaticModel(docs, options.train ?? {}, options.onProgress);
  await store.putArtifact(BUILTIN_MODEL_ARTIFACT, { version: STATIC_MODEL_FORMAT_VERSION, seq, bytes: model.serialize() });
  // The artifact's SHA-256 is the weights hash: both are of `serialize()`.
  await saveLookup(store, model, model.weightsHash(), seq);
  await store.setSetting(TRAINED_ON, String(docs.length));
  return { provider: new BuiltinEmbeddingProvider(model), trained: true, papers: docs.length };
}
