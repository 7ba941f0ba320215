/**
 * Which embedding model the library was embedded with. Stored in the library so that search
 * embeds queries with the same model; vectors always record their model, and vectors of another
 * model are never mixed in.
 */
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { EmbeddingSpecSchema, type EmbeddingSpec } from './create-provider.js';

const EmbeddingSettingSchema = z.object({
  /** The spec without any API key: keys come from the environment at run time. */
  spec: EmbeddingSpecSchema,
  modelId: z.string(),
  dimensions: z.number().int().positive(),
  /** Bumped whenever vectors are written, so a cached vector index knows it is stale. */
  generation: z.number().int().nonnegative(),
});
export type EmbeddingSetting = z.infer<typeof EmbeddingSettingSchema>;

const KEY = 'embedding';

export async function getEmbeddingSetting(store: Store): Promise<EmbeddingSetting | undefined> {
  const raw = await store.getSetting(KEY);
  if (!raw) return undefined;
  const parsed = EmbeddingSettingSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

export async function setEmbeddingSetting(store: Store, setting: EmbeddingSetting): Promise<void> {
  const spec: EmbeddingSpec = setting.spec.kind === 'openai' ? { ...setting.spec, apiKey: undefined } : setting.spec;
  await store.setSetting(KEY, JSON.stringify({ ...setting, spec }));
}
