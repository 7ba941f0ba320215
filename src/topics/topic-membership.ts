/**
 * What other parts (digests, the web app) need to know about topics, without the clustering:
 * which topic a paper is in. Implemented by the topic model (topics/); digests code against this.
 */
export interface TopicSummary {
  /** Stable while the topic model is not rebuilt (a short string, safe in URLs). */
  id: string;
  /** A few distinctive terms, e.g. "retrieval · dense · passage". */
  label: string;
}

export interface TopicMembership {
  /** The topic of each paper given (papers without a topic are left out). */
  topicsOf(docIds: number[]): Map<number, TopicSummary>;
  /** A topic by id, or undefined when the model has no such topic. */
  topic(id: string): TopicSummary | undefined;
}
