/** `/map`: the library's 2-D map (landmark MDS, or the papers' principal axes), each paper a dot coloured by topic, and a legend. */
import type { Context } from 'hono';
import { urls } from '../../../core/urls.js';
import type { AppEnv } from '../../app-env.js';
import { counted } from '../../../core/plural.js';
import { mapPoints } from '../../../topics/map-sample.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { swatch, topicMap } from '../../../web/topic-map.js';
import { noSplitNote, noTopicsBody } from './page.js';

/** Points drawn at most: a few thousand links keep the page light. */
const MAP_POINTS = 2000;

export async function mapPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = pageContext(c);
  const library = c.get('library');
  const model = await library.topics();
  if (!model) return c.html(layout(ctx, { title: 'Map', nav: 'map', body: noTopicsBody() }));
  const points = (await mapPoints(library.store, model, MAP_POINTS)).map(({ paper, ...at }) => ({ id: paper.id, title: paper.title, ...at }));
  const counts = model.counts();
  const sampled = points.length < model.size;
  const body = html`<section class="map" aria-labelledby="map-title">
<h1 id="map-title">Map of the library</h1>
<p class="hint">Each dot is a paper, coloured by topic and placed ${
    model.map.pca ? 'by the two directions along which the papers differ most' : 'by landmark MDS of the topics'
  }, so papers on similar subjects sit close together. Hover a dot for its title; click it to open the paper. ${
    sampled ? html`Showing ${points.length.toLocaleString('en-US')} of ${counted(model.size, 'paper')}, a sample stratified by topic.` : html`Showing all ${counted(model.size, 'paper')}.`
  }</p>
<div class="map-wrap">${topicMap(points, `Map of ${counted(points.length, 'paper')} coloured by topic`)}</div>
${
    model.clustered
      ? html`<h2>Topics</h2>
<ul class="legend">${model.topics.map((t, i) => html`<li>${swatch(i)} <a href="${urls.topic(t.id)}">${t.label}</a> <span class="hint">${counts[i]!}</span></li>`)}</ul>`
      : noSplitNote(model)
  }
</section>`;
  return c.html(layout(ctx, { title: 'Map', nav: 'map', body }));
}
