/** `/trending`: papers gaining upvotes, the topics growing fastest and the most upvoted papers of the library's last weeks. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { GAINING_DAYS, gainingPapers, representativePapers, topicOverview, trendingPapers, trendingTopics } from '../../../topics/topic-report.js';
import { RECENT_WEEKS } from '../../../topics/weekly-series.js';
import { paperCard } from '../../../web/components.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { noSplitNote, partialWeekNote, topicEntry } from './page.js';

const TRENDING = 10;

export async function trendingPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = pageContext(c);
  const library = c.get('library');
  const { model, building } = await library.topicsUnlessBuilding();
  const range = model?.weekRange();
  const topics = model?.clustered ? trendingTopics(topicOverview(model, undefined, range), TRENDING) : [];
  const [reps, recent, gaining] = await Promise.all([representativePapers(library.store, topics), trendingPapers(library.store, TRENDING), gainingPapers(library.store, new Date(), TRENDING)]);
  const shown = [...recent.papers, ...gaining.papers].map((p) => p.docId);
  const mine = ctx.user && shown.length ? await library.store.upvotedBy(ctx.user.id, shown) : undefined;
  const body = html`<section class="trending" aria-labelledby="trending-title">
<h1 id="trending-title">Trending</h1>
${
    gaining.papers.length
      ? html`<h2>Gaining upvotes</h2>
<p class="hint">Most upvoted by this library's readers in the last ${GAINING_DAYS} days.</p>
<div class="cards">${gaining.papers.map((p) => paperCard(ctx, p.paper, { upvotes: p.upvotes, upvoted: mine?.has(p.docId) ?? false }))}</div>`
      : ''
  }
<h2>Topics growing fastest</h2>
<p class="hint">Papers a week in the last ${RECENT_WEEKS} whole weeks against the 8 weeks before (smoothed, so small topics do not dominate); only topics that grew.</p>
${range ? partialWeekNote(range) : ''}
${
    topics.length
      ? html`<ol class="topic-list">${topics.map((t) => topicEntry(t, reps.get(t.representative)))}</ol>`
      : model && !model.clustered
        ? noSplitNote(model)
        : html`<p class="empty">${building ? 'The topics are being built: they appear here in a few minutes.' : model ? 'No topic grew in the last weeks.' : 'No topics yet.'}</p>`
  }
<h2>${recent.by === 'upvotes' ? 'Most upvoted recent papers' : 'Newest papers'}</h2>
${
    recent.papers.length
      ? html`<p class="hint">${
          recent.by === 'upvotes'
            ? `Dated ${recent.from} to ${recent.to} (the library's last ${RECENT_WEEKS} weeks).`
            : `No paper dated ${recent.from} to ${recent.to} (the library's last ${RECENT_WEEKS} weeks) has an upvote yet, so these are the newest.`
        }</p>
<div class="cards">${recent.papers.map((p) => paperCard(ctx, p.paper, { upvotes: p.upvotes, upvoted: mine?.has(p.docId) ?? false }))}</div>`
      : html`<p class="empty">No dated papers yet.</p>`
  }
</section>`;
  return c.html(layout(ctx, { title: 'Trending', nav: 'trending', body }));
}
