/** A real SQLite library in a temporary directory, for tests, and a way to store records in it. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FormatName, PaperRecord } from '../../core/paper.js';
import { prepareRecord } from '../../ingest/prepare.js';
import { resolveBatch } from '../../ingest/resolve.js';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import type { Store } from '../store.js';

export function openTempStore(prefix: string): { dir: string; store: SqliteStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, store: SqliteStore.open(dir) };
}

export async function closeTempStore(t: { dir: string; store: SqliteStore }): Promise<void> {
  await t.store.close();
  rmSync(t.dir, { recursive: true, force: true });
}

/** Stores records as one batch of one file, through the real identity resolution (no near-duplicate index). */
export async function ingestRecords(store: Store, records: PaperRecord[], file = '/data/sample.jsonl', format: FormatName = 'arxiv-jsonl') {
  const fileId = await store.beginFile({ path: file, format, sha256: 'x' });
  const batch = records.map((r, i) => prepareRecord(file, format, i + 1, r));
  return store.withWriteLock((tx) => tx.ingestBatch(fileId, batch, () => new Map(), (lookup) => resolveBatch(batch, lookup)));
}
