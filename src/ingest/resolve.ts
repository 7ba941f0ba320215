/**
 * Identity resolution for one batch: a pure function from the batch and what the store found to
 * the writes to make. Kept pure so every merge rule is unit-tested without a database.
 */
import { createHash } from 'node:crypto';
import { deriveTitle } from '../text/derive-title.js';
import { toPlainText } from '../text/normalise.js';
import type { BatchLookup, BatchWrites, MergeReason, PaperState, PreparedRecord } from './ingest-types.js';
import { NEAR_DUPLICATE, NEAR_DUPLICATE_ACROSS_IDS, TITLE_AGREEMENT, signature, similarity, titleSimilarity } from './identity.js';
import { emptyState, mergeRecord } from './merge.js';

interface Match {
  paperId: string;
  reason: MergeReason;
  similarity?: number;
}

export function resolveBatch(batch: PreparedRecord[], lookup: BatchLookup): BatchWrites {
  const writes: BatchWrites = { papers: [], keys: [], bands: [], records: [], merges: [] };
  // Papers, keys and bands created or changed by earlier records of this same batch.
  const local = new Map<string, { state: PaperState; created: boolean }>();
  const localKeys = new Map<string, string>();
  const localBands = new Map<number, string[]>();
  const seenHashes = new Set<string>();
  const sigCache = new Map<string, Uint32Array | undefined>();
  /** Stored papers as loaded, to leave out of the writes those that no record changed. */
  const loaded = new Map<string, PaperState>();

  const stateOf = (id: string): PaperState | undefined => local.get(id)?.state ?? lookup.paper(id);
  const sigOf = (id: string): Uint32Array | undefined => {
    const state = local.get(id)?.state;
    if (state) return signature(toPlainText(state.paper.abstract));
    if (!sigCache.has(id)) {
      const abstract = lookup.abstractOf(id);
      sigCache.set(id, abstract ? signature(toPlainText(abstract)) : undefined);
    }
    return sigCache.get(id);
  };
  /** True when the record and the paper carry different arXiv ids. */
  const idsDiffer = (rec: PreparedRecord, id: string): boolean => {
    const other = stateOf(id)?.paper.arxivId;
    return !!rec.record.arxivId && !!other && other !== rec.record.arxivId;
  };
  /** Two different arXiv ids are one paper only with near-identical abstracts and agreeing titles. */
  const sameAcrossIds = (rec: PreparedRecord, id: string, abstractSimilarity: number): boolean => {
    const paper = stateOf(id)?.paper;
    const titlesAgree = !rec.record.title || !paper || paper.titleDerived || titleSimilarity(rec.record.title, paper.title) >= TITLE_AGREEMENT;
    return abstractSimilarity >= NEAR_DUPLICATE_ACROSS_IDS && titlesAgree;
  };
  const conflictOk = (rec: PreparedRecord, id: string): { ok: boolean; similarity?: number } => {
    if (!idsDiffer(rec, id)) return { ok: true };
    const a = rec.nearDuplicate()?.signature;
    const b = sigOf(id);
    if (!a || !b) return { ok: false };
    const s = similarity(a, b);
    return { ok: sameAcrossIds(rec, id, s), similarity: s };
  };

  const findMatch = (rec: PreparedRecord): Match | undefined => {
    for (const key of rec.keys) {
      const id = localKeys.get(key) ?? lookup.keyHits.get(key);
      if (!id) continue;
      const reason = key.slice(0, key.indexOf(':')) as MergeReason;
      if (reason === 'arxiv') return { paperId: id, reason };
      const check = conflictOk(rec, id);
      if (check.ok) return { paperId: id, reason, ...(check.similarity !== undefined ? { similarity: check.similarity } : {}) };
    }
    const near = rec.nearDuplicate();
    if (!near) return undefined;
    let best: Match | undefined;
    const tried = new Set<string>();
    const stored = lookup.nearby(near.bands);
    for (const band of near.bands) {
      for (const id of [...(localBands.get(band) ?? []), ...(stored.get(band) ?? [])]) {
        if (tried.has(id)) continue;
        tried.add(id);
        const other = sigOf(id);
        if (!other) continue;
        const s = similarity(near.signature, other);
        const ok = idsDiffer(rec, id) ? sameAcrossIds(rec, id, s) : s >= NEAR_DUPLICATE;
        if (ok && (!best || s > (best.similarity ?? 0))) best = { paperId: id, reason: 'near-duplicate', similarity: s };
      }
    }
    return best;
  };

  const newId = (rec: PreparedRecord): string => {
    const base =
      rec.record.arxivId ??
      `pb-${createHash('sha1')
        .update(rec.keys.find((k) => k.startsWith('doi:') || k.startsWith('title:')) ?? rec.record.abstract ?? '')
        .digest('hex')
        .slice(0, 10)}`;
    let id = base;
    for (let n = 2; lookup.idTaken(id) || local.has(id); n++) id = `${base}-${n}`;
    return id;
  };

  for (const rec of batch) {
    if (lookup.knownHashes.has(rec.hash) || seenHashes.has(rec.hash)) continue;
    seenHashes.add(rec.hash);
    const match = findMatch(rec);
    let entry = match ? local.get(match.paperId) : undefined;
    if (match && !entry) {
      const stored = lookup.paper(match.paperId);
      if (!stored) throw new Error(`store lookup lacks paper ${match.paperId}`);
      entry = { state: copyState(stored), created: false };
      local.set(match.paperId, entry);
      loaded.set(match.paperId, stored);
    }
    if (!entry) {
      entry = { state: emptyState(newId(rec)), created: true };
      local.set(entry.state.paper.id, entry);
    }
    const state = entry.state;
    const prevAbstract = state.paper.abstract;
    const prevArxivId = state.paper.arxivId;
    mergeRecord(state, rec.record, rec.format);
    if (state.paper.titleDerived && (!state.paper.title || state.paper.abstract !== prevAbstract)) {
      state.paper.title = deriveTitle(toPlainText(state.paper.abstract || state.paper.title));
    }
    const paperId = state.paper.id;
    for (const key of rec.keys) {
      // A key already owned (by this paper or another) stays where it is: first come, first served.
      if (localKeys.has(key) || lookup.keyHits.has(key)) continue;
      localKeys.set(key, paperId);
      writes.keys.push({ key, paperId });
    }
    // Bands for papers new to the library; a known paper's bands are indexed already.
    for (const band of entry.created ? (rec.nearDuplicate()?.bands ?? []) : []) {
      const ids = localBands.get(band) ?? [];
      if (!ids.includes(paperId)) {
        ids.push(paperId);
        localBands.set(band, ids);
        writes.bands.push({ band, paperId });
      }
    }
    writes.records.push({
      hash: rec.hash,
      paperId,
      line: rec.line,
      format: rec.format,
      ...(rec.record.date ? { date: rec.record.date } : {}),
    });
    if (match && match.reason !== 'arxiv') {
      // Listed once per joined id: later listings of the second id match it by its own key.
      const otherArxivId =
        rec.record.arxivId && prevArxivId && prevArxivId !== rec.record.arxivId ? rec.record.arxivId : undefined;
      writes.merges.push({
        paperId,
        recordHash: rec.hash,
        reason: match.reason,
        ...(match.similarity !== undefined ? { similarity: match.similarity } : {}),
        ...(otherArxivId ? { otherArxivId } : {}),
      });
    }
  }
  writes.papers = [...local.values()].filter((e) => e.created || !sameState(loaded.get(e.state.paper.id)!, e.state));
  return writes;
}

/** A copy deep enough for mergeRecord, which replaces lists rather than editing them. */
function copyState(s: PaperState): PaperState {
  return { paper: { ...s.paper }, trust: { ...s.trust } };
}

/** Field by field; lists compare by items. Repeat listings usually change nothing. */
function sameState(a: PaperState, b: PaperState): boolean {
  const same = (x: unknown, y: unknown) =>
    x === y || (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]));
  const keys = new Set([...Object.keys(a.paper), ...Object.keys(b.paper)]) as Set<keyof PaperState['paper']>;
  for (const k of keys) if (!same(a.paper[k], b.paper[k])) return false;
  const trustKeys = new Set([...Object.keys(a.trust), ...Object.keys(b.trust)]) as Set<keyof PaperState['trust']>;
  for (const k of trustKeys) if (a.trust[k] !== b.trust[k]) return false;
  return true;
}
