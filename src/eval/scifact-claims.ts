/**
 * SciFact claims (Wadden et al. 2020): `{id, claim, evidence: {doc_id: [{label, sentences}]}}`
 * per line, the rationale sentences indexing the corpus's `sentences` lists. A claim with no
 * evidence has `{}`; the task then is to abstain.
 */
import { bad, linesOf, objectOn } from './beir.js';

export interface SciFactClaim {
  id: string;
  claim: string;
  /** Gold evidence: corpus id → rationale sentence indices (every rationale of the doc, merged) and labels. */
  evidence: Map<string, { sentences: Set<number>; labels: Set<'SUPPORT' | 'CONTRADICT'> }>;
}

export async function readSciFactClaims(file: string): Promise<SciFactClaim[]> {
  const claims: SciFactClaim[] = [];
  for await (const { text, line } of linesOf(file)) {
    const o = objectOn(file, line, text);
    if (typeof o.claim !== 'string' || (typeof o.id !== 'string' && typeof o.id !== 'number')) throw bad(file, line, 'each line needs "id" and "claim"');
    const evidence: SciFactClaim['evidence'] = new Map();
    const raw = (o.evidence ?? {}) as Record<string, unknown>;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw bad(file, line, '"evidence" must be an object');
    for (const [doc, sets] of Object.entries(raw)) {
      if (!Array.isArray(sets)) throw bad(file, line, `"evidence.${doc}" must be a list`);
      const entry = { sentences: new Set<number>(), labels: new Set<'SUPPORT' | 'CONTRADICT'>() };
      for (const set of sets as { label?: unknown; sentences?: unknown }[]) {
        if (!Array.isArray(set.sentences) || !set.sentences.every((i) => Number.isInteger(i))) throw bad(file, line, `"evidence.${doc}" needs "sentences" as whole numbers`);
        for (const i of set.sentences as number[]) entry.sentences.add(i);
        if (set.label === 'SUPPORT' || set.label === 'CONTRADICT') entry.labels.add(set.label);
      }
      evidence.set(doc, entry);
    }
    claims.push({ id: String(o.id), claim: o.claim, evidence });
  }
  return claims;
}
