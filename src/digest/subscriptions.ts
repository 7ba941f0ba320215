/** Subscriptions: what a user follows (a search, a topic, an author, a standing question), checked once for every caller. */
import { PaperboyError } from '../core/errors.js';
import type { Store, SubscriptionKind, SubscriptionRecord } from '../store/store.js';
import type { TopicMembership } from '../topics/topic-membership.js';
import type { DigestLinks } from './digest-links.js';

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['search', 'topic', 'author', 'question'];
export const MAX_SUBSCRIPTION_VALUE = 500;

export const isSubscriptionKind = (kind: string): kind is SubscriptionKind => (SUBSCRIPTION_KINDS as readonly string[]).includes(kind);

/**
 * Adds a subscription after checking it: a known kind, a value of 1 to 500 characters (spaces
 * collapsed), and for a topic, one the topic model knows (when the library has one).
 */
export async function subscribe(
  store: Store,
  input: { userId: number; kind: string; value: string },
  topics?: TopicMembership,
): Promise<SubscriptionRecord> {
  if (!isSubscriptionKind(input.kind)) throw new PaperboyError('BAD_INPUT', `kind: one of ${SUBSCRIPTION_KINDS.join(', ')}, not ${JSON.stringify(input.kind)}`);
  const value = input.value.replace(/\s+/g, ' ').trim();
  if (value.length === 0 || value.length > MAX_SUBSCRIPTION_VALUE) throw new PaperboyError('BAD_INPUT', `value: 1 to ${MAX_SUBSCRIPTION_VALUE} characters`);
  if (input.kind === 'topic' && topics && !topics.topic(value)) throw new PaperboyError('NOT_FOUND', `no topic with id ${JSON.stringify(value)}`);
  return store.createSubscription({ userId: input.userId, kind: input.kind, value });
}

/** A short human label: "search 'moe routing'", "author Jane Doe". */
export function describeSubscription(sub: SubscriptionRecord, topics?: TopicMembership): string {
  if (sub.kind === 'topic') return `topic ${topics?.topic(sub.value)?.label ?? sub.value}`;
  if (sub.kind === 'author') return `author ${sub.value}`;
  return `${sub.kind} '${sub.value}'`;
}

/** The stable JSON shape of a subscription (CLI --json and the API). */
export function subscriptionJson(sub: SubscriptionRecord, links: DigestLinks, topics?: TopicMembership) {
  return { id: sub.id, kind: sub.kind, value: sub.value, label: describeSubscription(sub, topics), createdAt: sub.createdAt, feeds: links.feeds(sub) };
}
