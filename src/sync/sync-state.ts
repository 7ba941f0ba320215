/**
 * What a library remembers about the sources it follows, in the store's settings: the list of
 * keys under `sync:sources`, and per source (`sync:source:<key>`) its spec, cursor and last run.
 */
import { z } from 'zod';
import { PaperboyError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { SourceSpec } from './sync-source.js';

const LIST_KEY = 'sync:sources';
const stateKey = (key: string) => `sync:source:${key}`;

const SourceState = z.object({
  key: z.string(),
  spec: SourceSpec,
  /** Opaque to everyone but the source module. */
  cursor: z.string().optional(),
  /** Papers this source has added to the library, over all runs. */
  totalAdded: z.number().int().default(0),
  lastRun: z
    .object({
      at: z.string(),
      added: z.number().int(),
      records: z.number().int(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    })
    .optional(),
});
export type SourceState = z.infer<typeof SourceState>;

async function keys(store: Store): Promise<string[]> {
  const raw = await store.getSetting(LIST_KEY);
  return raw ? z.array(z.string()).parse(JSON.parse(raw)) : [];
}

export async function listSources(store: Store): Promise<SourceState[]> {
  const out: SourceState[] = [];
  for (const key of await keys(store)) {
    const state = await getSource(store, key);
    if (state) out.push(state);
  }
  return out;
}

export async function getSource(store: Store, key: string): Promise<SourceState | undefined> {
  const raw = await store.getSetting(stateKey(key));
  return raw ? SourceState.parse(JSON.parse(raw)) : undefined;
}

/** Saves a source's state, and adds it to the followed sources when new. */
export async function putSource(store: Store, state: SourceState): Promise<void> {
  await store.setSetting(stateKey(state.key), JSON.stringify(state));
  const known = await keys(store);
  if (!known.includes(state.key)) await store.setSetting(LIST_KEY, JSON.stringify([...known, state.key]));
}

/** Forgets a source and its cursor; NOT_FOUND when the library does not follow it. */
export async function removeSource(store: Store, key: string): Promise<void> {
  const known = await keys(store);
  if (!known.includes(key)) {
    throw new PaperboyError('NOT_FOUND', `no source "${key}"${known.length ? `; the library follows ${known.join(', ')}` : ': the library follows none'}`);
  }
  await store.setSetting(LIST_KEY, JSON.stringify(known.filter((k) => k !== key)));
  // Settings cannot be deleted; an empty value reads as absent.
  await store.setSetting(stateKey(key), '');
}
