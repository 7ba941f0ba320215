/**
 * A built topic model: centroids in one vector space (the library's embeddings, or projected
 * TF-IDF), the topics' labels and representatives, the 2-D map, and each paper's topic, week,
 * upvotes and map position. New papers are placed by `locate` (nearest centroid, triangulated on
 * the map) without reclustering. Implements the TopicMembership contract digests code against.
 */
import { placeOnMap, type LandmarkMap } from './landmark-mds.js';
import { pcaPosition } from './paper-map.js';
import { separated, type Separation } from './topic-separation.js';
import type { TfidfSpace } from './tfidf-projection.js';
import type { TopicMembership, TopicSummary } from './topic-membership.js';
import { NO_DAY, dateOfDay, newestWeekIsWhole, weekOfDay, weekStart, weeklySeries, type WeeklySeries } from './weekly-series.js';
import { dot } from '../vector/dot.js';

export type TopicSpace =
  | { kind: 'embedding'; modelId: string; dims: number; /** The embedding generation papers were last assigned at. */ generation: number }
  | ({ kind: 'tfidf' } & TfidfSpace);

export interface TopicInfo extends TopicSummary {
  /** The label's terms (surface forms), most distinctive first. */
  terms: string[];
  /** Doc id of the paper nearest the centroid (-1 when none). */
  representative: number;
}

/** Where one paper sits. */
interface Placement {
  topic: number;
  x: number;
  y: number;
}

/** Weeks (weekly-series.ts numbers), and the days of a newest week left out as partial. */
export interface WeekRange {
  from: number;
  to: number;
  partial?: { from: string; to: string };
}

/** Per-paper columns, row-aligned. */
export interface PaperColumns {
  docIds: number[];
  topic: number[];
  /** Days since 1970-01-01 of the paper's date (NO_DAY when undated). */
  day: number[];
  upvotes: number[];
  x: number[];
  y: number[];
}

/** The nearest of the unit centroids and the map position of one vector: `locate`, and the build's final assignment. */
export function placeAmong(centroids: Float32Array, map: LandmarkMap, vector: Float32Array): Placement {
  const dims = vector.length;
  const k = centroids.length / dims;
  const cosines = new Float64Array(k);
  let topic = 0;
  for (let c = 0; c < k; c++) {
    cosines[c] = dot(centroids, c * dims, vector, dims);
    if (cosines[c]! > cosines[topic]!) topic = c;
  }
  const [x, y] = map.pca ? pcaPosition(map.pca, vector) : placeOnMap(map, cosines);
  return { topic, x, y };
}

export class TopicModel implements TopicMembership {
  private readonly rowOf = new Map<number, number>();
  private readonly byId: Map<string, number>;
  /** weekRange's answer until a paper is put: every topics request asks for it. */
  private range: WeekRange | undefined;

  constructor(
    readonly space: TopicSpace,
    readonly topics: TopicInfo[],
    /** k × dims unit centroids. */
    readonly centroids: Float32Array,
    readonly map: LandmarkMap,
    /** Papers placed when the model was built: the rebuild rule compares the library with it. */
    readonly builtPapers: number,
    readonly papers: PaperColumns = { docIds: [], topic: [], day: [], upvotes: [], x: [], y: [] },
    /** Ids of earlier models' topics → the id of their successor here (topics/topic-succession.ts). */
    readonly aliases: Record<string, string> = {},
    /** How well the papers split into topics, when the count was chosen (not given): topic-separation.ts. */
    readonly separation?: Separation,
  ) {
    papers.docIds.forEach((docId, row) => this.rowOf.set(docId, row));
    this.byId = new Map(topics.map((t, i) => [t.id, i]));
    for (const [alias, id] of Object.entries(aliases)) {
      const i = this.byId.get(id);
      if (i !== undefined && !this.byId.has(alias)) this.byId.set(alias, i);
    }
  }

  get size(): number {
    return this.rowOf.size;
  }

  /**
   * Whether the papers split into topics better than chance. When they do not, the model holds
   * them as one group (for the map and the library's weekly counts) and shows no topics.
   */
  get clustered(): boolean {
    return !this.separation || separated(this.separation);
  }

  /** Topic and map position of a unit vector (of this model's space). */
  locate(vector: Float32Array): Placement {
    return placeAmong(this.centroids, this.map, vector);
  }

  /** Records (or replaces) one paper. */
  put(docId: number, at: Placement, day: number, upvotes: number): void {
    let row = this.rowOf.get(docId);
    const p = this.papers;
    if (row === undefined) {
      row = p.docIds.length;
      this.rowOf.set(docId, row);
      p.docIds.push(docId);
    }
    p.topic[row] = at.topic;
    if (p.day[row] !== day) this.range = undefined;
    p.day[row] = day;
    p.upvotes[row] = upvotes;
    p.x[row] = at.x;
    p.y[row] = at.y;
  }

  has(docId: number): boolean {
    return this.rowOf.has(docId);
  }

  /** Topic index of a paper, or undefined. */
  topicIndexOf(docId: number): number | undefined {
    const row = this.rowOf.get(docId);
    return row === undefined ? undefined : this.papers.topic[row];
  }

  /** A topic by its id or an earlier model's id for it. */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  topicsOf(docIds: number[]): Map<number, TopicSummary> {
    const out = new Map<number, TopicSummary>();
    for (const docId of docIds) {
      const t = this.topicIndexOf(docId);
      if (t !== undefined) out.set(docId, summary(this.topics[t]!));
    }
    return out;
  }

  topic(id: string): TopicSummary | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : summary(this.topics[i]!);
  }

  /** Papers per topic. */
  counts(): number[] {
    const counts = new Array<number>(this.topics.length).fill(0);
    for (const t of this.papers.topic) counts[t]!++;
    return counts;
  }

  /** Rows of the papers of each topic given (distinct indexes), in that order: one pass over the papers however many topics. */
  rowsOf(topics: readonly number[]): number[][] {
    const slot = new Int32Array(this.topics.length).fill(-1);
    topics.forEach((t, i) => (slot[t] = i));
    const rows = topics.map((): number[] => []);
    this.papers.topic.forEach((t, row) => {
      const i = slot[t]!;
      if (i >= 0) rows[i]!.push(row);
    });
    return rows;
  }

  /**
   * The whole weeks spanned by the library's dated papers (an empty range, from > to, when none
   * are dated). The newest week is left out while it has only part of a week's papers (see
   * newestWeekIsWhole): counted as whole, it would make every topic look as if it were shrinking.
   */
  weekRange(): WeekRange {
    this.range ??= this.computeWeekRange();
    return this.range;
  }

  private computeWeekRange(): WeekRange {
    let from = Infinity;
    let to = -Infinity;
    for (const day of this.papers.day) {
      if (day === NO_DAY) continue;
      from = Math.min(from, day);
      to = Math.max(to, day);
    }
    if (!Number.isFinite(from)) return { from: 0, to: -1 };
    if (newestWeekIsWhole(this.papers.day, to)) return { from: weekOfDay(from), to: weekOfDay(to) };
    return { from: weekOfDay(from), to: weekOfDay(to) - 1, partial: { from: weekStart(weekOfDay(to)), to: dateOfDay(to) } };
  }

  /** Weekly papers and upvotes of these papers (rows) over the library's weeks (or the range given). */
  series(rows: readonly number[], range: WeekRange = this.weekRange()): WeeklySeries {
    const p = this.papers;
    return weeklySeries(
      rows.map((row) => ({ week: weekOfDay(p.day[row]!), upvotes: p.upvotes[row]! })),
      range.from,
      range.to,
    );
  }
}

const summary = (t: TopicInfo): TopicSummary => ({ id: t.id, label: t.label });
