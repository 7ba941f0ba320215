/**
 * Derived data (the lexical index, the near-duplicate band index, later vectors) is built from
 * the papers, cached in the store as a versioned artifact stamped with the library's change
 * counter, and caught up from the papers changed since. A missing, foreign or corrupt artifact is
 * rebuilt, so derived formats never need migrations.
 */
import type { ByteSource } from '../core/byte-source.js';
import { isPaperboyError } from '../core/errors.js';
import { isCorruptArtifact } from './artifact-file.js';
import type { DocText, Store } from './store.js';

export interface DerivedKind<T> {
  /** Artifact name in the store. */
  name: string;
  /** Bump when the format or what is derived changes: older caches are then rebuilt. */
  version: number;
  empty(): T;
  /** Throws on bytes it cannot read. */
  deserialize(bytes: Uint8Array): T;
  /**
   * Opens the bytes to be read in parts, as they are needed (see `openDerived`); the value may
   * read from `source` as long as it is used. Throws on bytes it cannot read.
   */
  open?(source: ByteSource): T;
  /** The bytes, or their parts in order (no single buffer need hold a large artifact). */
  serialize(value: T): Uint8Array | Uint8Array[];
  /** Adds or replaces one paper's contribution. */
  apply(value: T, doc: DocText): void;
}

export interface Derived<T> {
  value: T;
  /** The library seq the value reflects. */
  seq: number;
}

/** Loads the cached value, without catching up. */
export async function loadDerived<T>(store: Store, kind: DerivedKind<T>): Promise<Derived<T>> {
  const artifact = await store.getArtifact(kind.name);
  if (artifact?.version === kind.version) {
    try {
      return { value: kind.deserialize(artifact.bytes), seq: artifact.seq };
    } catch {
      // Corrupt or foreign: rebuild from scratch.
    }
  }
  return { value: kind.empty(), seq: 0 };
}

export interface CatchUpOptions {
  /** Told the papers applied so far, after each batch. */
  onProgress?: (n: number) => void;
  /** Papers read per batch (default: the store's). */
  batchSize?: number;
  /** Awaited between batches: a server answers requests there. */
  between?: () => Promise<void>;
}

/**
 * Brings a loaded value up to the store's seq as of the call (not chasing a writer that goes on);
 * returns whether anything changed. `d.seq` follows each batch, so a value read between batches
 * is current up to it. `store` may be a write transaction (then the value is current with
 * everything committed before it).
 */
export async function catchUp<T>(
  store: Pick<Store, 'currentSeq' | 'iterateTexts'>,
  kind: DerivedKind<T>,
  d: Derived<T>,
  options: CatchUpOptions = {},
): Promise<boolean> {
  const target = await store.currentSeq();
  if (d.seq >= target) return false;
  let n = 0;
  for await (const docs of store.iterateTexts(d.seq, options.batchSize)) {
    for (const doc of docs) kind.apply(d.value, doc);
    // Papers come in seq order: the value reflects every change up to the last one.
    d.seq = docs[docs.length - 1]!.seq;
    n += docs.length;
    options.onProgress?.(n);
    if (d.seq >= target) break;
    await options.between?.();
  }
  d.seq = Math.max(d.seq, target);
  return true;
}

export interface SaveOptions {
  /** Told why a save failed (a full disk), once per save. */
  warn?: (message: string) => void;
}

/**
 * Saves the value when no one else is writing. Derived data is never worth waiting or failing
 * for: a save skipped (another writer holds the lock) or failed (the disk is full) leaves the older
 * artifact, which the next reader catches up from. Returns whether it was saved.
 */
export async function saveDerived<T>(store: Store, kind: DerivedKind<T>, d: Derived<T>, options: SaveOptions = {}): Promise<boolean> {
  try {
    return await store.putArtifact(kind.name, () => ({ version: kind.version, seq: d.seq, bytes: kind.serialize(d.value) }), { ifIdle: true });
  } catch (err) {
    if (!isPaperboyError(err)) throw err;
    options.warn?.(err.message);
    return false;
  }
}

/** Load, catch up, and save back when it changed, so the next process starts ready. */
export async function refreshDerived<T>(
  store: Store,
  kind: DerivedKind<T>,
  options: SaveOptions & { onProgress?: (n: number) => void } = {},
): Promise<T> {
  const d = await loadDerived(store, kind);
  if (await catchUp(store, kind, d, options)) await saveDerived(store, kind, d, options);
  return d.value;
}

/**
 * For a one-shot command: the cached value opened in parts when it is current with the store (a
 * search reads a few posting lists, not the whole index), else `refreshDerived`'s. The parts are
 * read until the store is closed.
 */
export async function openDerived<T>(store: Store, kind: DerivedKind<T>, options: SaveOptions & { onProgress?: (n: number) => void } = {}): Promise<T> {
  if (kind.open) {
    const reader = await store.openArtifact(kind.name);
    if (reader && reader.version === kind.version && reader.seq >= (await store.currentSeq())) {
      try {
        return kind.open(reader);
      } catch (err) {
        // Damaged (now removed) or foreign: rebuilt below.
        if (!isCorruptArtifact(err) && isPaperboyError(err)) throw err;
      }
    }
    reader?.close();
  }
  return refreshDerived(store, kind, options);
}
