/**
 * Derived data (the lexical index, the near-duplicate band index, later vectors) is built from
 * the papers, cached in the store as a versioned artifact stamped with the library's change
 * counter, and caught up from the papers changed since. A missing, foreign or corrupt artifact is
 * rebuilt, so derived formats never need migrations.
 */
import type { DocText, Store } from './store.js';

export interface DerivedKind<T> {
  /** Artifact name in the store. */
  name: string;
  /** Bump when the format or what is derived changes: older caches are then rebuilt. */
  version: number;
  empty(): T;
  /** Throws on bytes it cannot read. */
  deserialize(bytes: Uint8Array): T;
  serialize(value: T): Uint8Array;
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

/** Brings a loaded value up to the store's current seq; returns whether anything changed. */
export async function catchUp<T>(store: Store, kind: DerivedKind<T>, d: Derived<T>, onProgress?: (n: number) => void): Promise<boolean> {
  const current = await store.currentSeq();
  if (d.seq >= current) return false;
  let n = 0;
  for await (const docs of store.iterateTexts(d.seq)) {
    for (const doc of docs) kind.apply(d.value, doc);
    n += docs.length;
    onProgress?.(n);
  }
  d.seq = current;
  return true;
}

export async function saveDerived<T>(store: Store, kind: DerivedKind<T>, d: Derived<T>): Promise<void> {
  await store.putArtifact(kind.name, { version: kind.version, seq: d.seq, bytes: kind.serialize(d.value) });
}

/** Load, catch up, and save back when it changed, so the next process starts ready. */
export async function refreshDerived<T>(store: Store, kind: DerivedKind<T>, onProgress?: (n: number) => void): Promise<T> {
  const d = await loadDerived(store, kind);
  if (await catchUp(store, kind, d, onProgress)) await saveDerived(store, kind, d);
  return d.value;
}
