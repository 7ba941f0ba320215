import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setEmbeddingSetting } from '../embeddings/embedding-settings.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { THEMES, themeCorpus, themePaper, type Theme } from './test-support/theme-corpus.js';
import { TOPIC_MODEL, refreshTopicModel } from './topic-cache.js';
import { deserializeTopicModel, serializeTopicModel } from './topic-model-codec.js';
import type { TopicModel } from './topic-model.js';

let t: { dir: string; store: SqliteStore };
beforeEach(() => {
  t = openTempStore('paperboy-topics-');
});
afterEach(() => closeTempStore(t));

const themeTopicIndex = (model: TopicModel, theme: Theme) => model.topics.findIndex((_, i) => themeOf(model, i) === theme);

/** The theme whose words a topic's label uses (every label term must come from that one theme). */
function themeOf(model: TopicModel, topic: number): Theme | undefined {
  const terms = model.topics[topic]!.terms;
  return (Object.keys(THEMES) as Theme[]).find((theme) => terms.every((term) => (THEMES[theme] as readonly string[]).includes(term)));
}

describe('the topic model of a library (TF-IDF, no embeddings)', () => {
  it('finds the three themes, labels them with their own words in surface form, and picks a member as representative', async () => {
    await ingestRecords(t.store, themeCorpus(10));
    const model = (await refreshTopicModel(t.store, { topics: 3 }))!;
    expect(model.space.kind).toBe('tfidf');
    expect(model.topics).toHaveLength(3);
    // Each topic's label is three words of one theme ("galaxies", not the stem "galaxi"), and
    // the three topics are the three themes.
    const themes = model.topics.map((_, i) => themeOf(model, i));
    expect(new Set(themes)).toEqual(new Set(Object.keys(THEMES)));
    for (const topic of model.topics) expect(topic.terms).toHaveLength(3);
    // Every paper sits in its theme's topic: its arXiv id ends in the theme's index.
    const papers = await t.store.getPapersByDocIds(model.papers.docIds);
    for (const { docId, paper } of papers) {
      const theme = (Object.keys(THEMES) as Theme[])[Number(paper.arxivId!.slice(-1))]!;
      expect(themes[model.topicIndexOf(docId)!]).toBe(theme);
    }
    for (const [i, topic] of model.topics.entries()) expect(model.topicIndexOf(topic.representative)).toBe(i);
    // The contract digests use.
    const first = papers[0]!.docId;
    expect(model.topicsOf([first, 99_999]).size).toBe(1);
    expect(model.topic(model.topics[0]!.id)?.label).toBe(model.topics[0]!.terms.join(' · '));
    expect(model.topic('nope')).toBeUndefined();
  });

  it('assigns new papers to the right topic without reclustering', async () => {
    await ingestRecords(t.store, themeCorpus(10));
    const before = (await refreshTopicModel(t.store, { topics: 3 }))!;
    const ids = before.topics.map((x) => x.id);
    // Four new papers (fewer than half again: no rebuild), one of each theme and one more law.
    const added = await ingestRecords(t.store, [themePaper('astronomy', 50), themePaper('biology', 51), themePaper('law', 52), themePaper('law', 53)], '/data/new.jsonl');
    const after = (await refreshTopicModel(t.store))!;
    expect(after.topics.map((x) => x.id)).toEqual(ids);
    expect(after.builtPapers).toBe(30);
    expect(after.size).toBe(34);
    const lawTopic = after.topics.findIndex((_, i) => themeOf(after, i) === 'law');
    const newLaw = [...added.docIds.values()].slice(2);
    for (const docId of newLaw) expect(after.topicIndexOf(docId)).toBe(lawTopic);
    // The catch-up was saved: a fresh load needs no work and agrees.
    const artifact = (await t.store.getArtifact(TOPIC_MODEL.name))!;
    expect(artifact.seq).toBe(await t.store.currentSeq());
    expect(deserializeTopicModel(artifact.bytes).size).toBe(34);
  });

  it('rebuilds once the library has grown by half', async () => {
    await ingestRecords(t.store, themeCorpus(4));
    const before = (await refreshTopicModel(t.store, { topics: 3 }))!;
    expect(before.builtPapers).toBe(12);
    await ingestRecords(t.store, themeCorpus(4, 20), '/data/more.jsonl');
    const after = (await refreshTopicModel(t.store))!;
    expect(after.builtPapers).toBe(24);
    expect(after.topics[0]!.id).not.toBe(before.topics[0]!.id);
    // An old id (held by subscriptions) answers as the topic that took its papers, also after a
    // second rebuild (the rebuilt models pick their own topic counts, so themes may share one).
    const lawTopic = themeTopicIndex(before, 'law');
    const oldLaw = before.topics[lawTopic]!.id;
    const lawPaper = before.papers.docIds.find((d) => before.topicIndexOf(d) === lawTopic)!;
    expect(after.topic(oldLaw)?.id).toBe(after.topicsOf([lawPaper]).get(lawPaper)!.id);
    expect(after.topic(oldLaw)?.id).not.toBe(oldLaw);
    await ingestRecords(t.store, themeCorpus(8, 40), '/data/even-more.jsonl');
    const third = (await refreshTopicModel(t.store))!;
    expect(third.builtPapers).toBe(48);
    expect(third.topic(oldLaw)?.id).toBe(third.topicsOf([lawPaper]).get(lawPaper)!.id);
    expect(third.topicsOf(third.papers.docIds.slice(0, 1)).size).toBe(1);
  });

  it('rebuilds an artifact of an unknown version or corrupt bytes', async () => {
    await ingestRecords(t.store, themeCorpus(5));
    const seq = await t.store.currentSeq();
    await t.store.putArtifact(TOPIC_MODEL.name, { version: 999, seq, bytes: new Uint8Array([1, 2, 3]) });
    expect((await refreshTopicModel(t.store))?.size).toBe(15);
    expect((await t.store.getArtifact(TOPIC_MODEL.name))!.version).toBe(TOPIC_MODEL.version);
    await t.store.putArtifact(TOPIC_MODEL.name, { version: TOPIC_MODEL.version, seq, bytes: new Uint8Array([9, 0, 0, 0, 1]) });
    expect((await refreshTopicModel(t.store))?.size).toBe(15);
  });

  it('has no model for an empty library', async () => {
    expect(await refreshTopicModel(t.store)).toBeUndefined();
  });

  it('round-trips through its bytes, map positions included', async () => {
    await ingestRecords(t.store, themeCorpus(6));
    const model = (await refreshTopicModel(t.store, { topics: 3 }))!;
    const back = deserializeTopicModel(serializeTopicModel(model));
    expect(back.topics).toEqual(model.topics);
    expect(back.papers.topic).toEqual(model.papers.topic);
    expect(back.papers.x).toEqual(model.papers.x.map((x) => Math.fround(x)));
    expect(back.space.kind === 'tfidf' && back.space.idf.size).toBe(model.space.kind === 'tfidf' && model.space.idf.size);
  });

  it('draws the same map every build (deterministic)', async () => {
    await ingestRecords(t.store, themeCorpus(6));
    const a = (await refreshTopicModel(t.store, { topics: 3 }))!;
    const b = (await refreshTopicModel(t.store, { rebuild: true, topics: 3 }))!;
    expect(b.papers.x).toEqual(a.papers.x);
    expect(b.papers.y).toEqual(a.papers.y);
    // Papers of one topic sit nearer their own topic's papers than the others' (on average).
    const centre = (topic: number) => {
      const rows = a.rowsOf([topic])[0]!;
      return [rows.reduce((s, r) => s + a.papers.x[r]!, 0) / rows.length, rows.reduce((s, r) => s + a.papers.y[r]!, 0) / rows.length];
    };
    const centres = [0, 1, 2].map(centre);
    expect(Math.hypot(centres[0]![0]! - centres[1]![0]!, centres[0]![1]! - centres[1]![1]!)).toBeGreaterThan(0.1);
  });
});

describe('the topic model of an embedded library', () => {
  /** A stand-in embedding: the paper's theme axis of three, slightly tilted per paper. */
  const themeVector = (theme: number, i: number) => {
    const v = new Float32Array([0.05 * Math.sin(i), 0.05 * Math.cos(i), 0.05 * Math.sin(2 * i)]);
    v[theme] = 1;
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const themeIndex = async (docIds: number[]) =>
    new Map((await t.store.getPapersByDocIds(docIds)).map(({ docId, paper }) => [docId, Number(paper.arxivId!.slice(-1))]));

  it('clusters the vectors, leaves unembedded papers out, and places them once embedded', async () => {
    const { docIds } = await ingestRecords(t.store, themeCorpus(6));
    const all = [...docIds.values()];
    const theme = await themeIndex(all);
    // Embed all but the last three papers.
    const embed = async (ids: number[], generation: number) => {
      await t.store.putVectors('test/1', ids.map((docId, i) => ({ docId, seq: 1, vector: themeVector(theme.get(docId)!, i) })));
      await setEmbeddingSetting(t.store, { spec: { kind: 'builtin' }, modelId: 'test/1', dimensions: 3, generation });
    };
    await embed(all.slice(0, -3), 1);
    const model = (await refreshTopicModel(t.store, { topics: 3 }))!;
    expect(model.space).toMatchObject({ kind: 'embedding', modelId: 'test/1', generation: 1 });
    expect(model.size).toBe(15);
    for (const docId of all.slice(-3)) expect(model.has(docId)).toBe(false);
    // One topic per theme: papers share a topic exactly when they share a theme.
    const placed = all.slice(0, -3);
    for (const a of placed) for (const b of placed) expect(model.topicIndexOf(a) === model.topicIndexOf(b)).toBe(theme.get(a) === theme.get(b));

    // Embedding the rest moves the generation on: they join their themes' topics, no rebuild.
    await embed(all.slice(-3), 2);
    const after = (await refreshTopicModel(t.store))!;
    expect(after.topics.map((x) => x.id)).toEqual(model.topics.map((x) => x.id));
    expect(after.size).toBe(18);
    for (const docId of all.slice(-3)) {
      const sameTheme = placed.find((d) => theme.get(d) === theme.get(docId))!;
      expect(after.topicIndexOf(docId)).toBe(after.topicIndexOf(sameTheme));
    }
  });

  it('rebuilds a TF-IDF model on the embeddings once the library is embedded', async () => {
    const { docIds } = await ingestRecords(t.store, themeCorpus(5));
    expect((await refreshTopicModel(t.store, { topics: 3 }))!.space.kind).toBe('tfidf');
    const ids = [...docIds.values()];
    const theme = await themeIndex(ids);
    await t.store.putVectors('test/1', ids.map((docId, i) => ({ docId, seq: 1, vector: themeVector(theme.get(docId)!, i) })));
    await setEmbeddingSetting(t.store, { spec: { kind: 'builtin' }, modelId: 'test/1', dimensions: 3, generation: 1 });
    expect((await refreshTopicModel(t.store))!.space.kind).toBe('embedding');
  });
});
