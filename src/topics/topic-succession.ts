/**
 * Topic ids across rebuilds. A rebuild makes new topics with new ids (an old id never names a
 * different topic), but subscriptions and links hold the old ids: each old topic is succeeded by
 * the new topic that took most of its papers, and the new model answers to the old id as an alias.
 */
import type { TopicModel } from './topic-model.js';

/** Old topic id (and the aliases it carried) → the id of its successor in `fresh`. */
export function successorIds(old: TopicModel, fresh: TopicModel): Record<string, string> {
  const k = fresh.topics.length;
  const overlap = old.topics.map(() => new Array<number>(k).fill(0));
  old.papers.docIds.forEach((docId, row) => {
    const now = fresh.topicIndexOf(docId);
    if (now !== undefined) overlap[old.papers.topic[row]!]![now]!++;
  });
  const successor = new Map<string, string>();
  old.topics.forEach((t, i) => {
    const counts = overlap[i]!;
    let best = -1;
    for (let j = 0; j < k; j++) if (counts[j]! > 0 && (best < 0 || counts[j]! > counts[best]!)) best = j;
    if (best >= 0) successor.set(t.id, fresh.topics[best]!.id);
  });
  const aliases: Record<string, string> = {};
  for (const [id, next] of successor) aliases[id] = next;
  for (const [alias, id] of Object.entries(old.aliases)) {
    const next = successor.get(id);
    if (next) aliases[alias] = next;
  }
  return aliases;
}
