/** The library page: what is in it, where it came from, and how to add more. */
import { Hono, type Context } from 'hono';
import { getEmbeddingSetting } from '../../../embeddings/embedding-settings.js';
import type { AppEnv } from '../../app-env.js';
import { linkBase } from '../../services.js';
import { seesServer } from '../../paper-json.js';
import { sourceName } from '../../../core/paper-format.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { askBox } from '../ask/page.js';

/** The JSON API endpoint that takes an uploaded listing (src/http). */
export const UPLOAD_API = 'POST /api/ingest';

export function libraryPages(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/library', libraryPage);
}

async function libraryPage(c: Context<AppEnv>): Promise<Response> {
  const store = c.get('library').store;
  const [stats, embedding, vectors] = await Promise.all([store.stats(), getEmbeddingSetting(store), store.vectorCounts()]);
  const n = (x: number) => x.toLocaleString('en-US');
  const vectorsOfModel = embedding ? (vectors[embedding.modelId] ?? 0) : 0;
  const origin = linkBase(c, c.get('library').config);
  // The server's file paths are for its admins; everyone else sees the sources' names.
  const named = seesServer(c) ? (file: string) => file : sourceName;
  const body = html`<section class="library">
<h1>Library</h1>
${stats.papers ? askBox({ label: 'Ask the library a question' }) : ''}
<dl class="counts">
  <div><dt>Papers</dt><dd>${n(stats.papers)}</dd></div>
  <div><dt>Records</dt><dd>${n(stats.records)}</dd></div>
  <div><dt>Merged duplicates</dt><dd>${n(stats.mergedDuplicates)}</dd></div>
  <div><dt>Skipped records</dt><dd>${n(stats.skipped)}</dd></div>
  <div><dt>Derived titles</dt><dd>${n(stats.titlesDerived)}</dd></div>
</dl>
<p>Last ingest: ${stats.lastIngestedAt ? html`<time datetime="${stats.lastIngestedAt}">${stats.lastIngestedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>` : 'never'}.</p>
<p>Embeddings: ${
    embedding
      ? html`yes, model <code>${embedding.modelId}</code> (${embedding.dimensions} dimensions, ${n(vectorsOfModel)} of ${n(stats.papers)} papers embedded). Search by meaning and hybrid search are available.`
      : html`none. Search is by words; run <code>npx paperboy embed</code> to add search by meaning.`
  }</p>

<h2>Sources ingested (${stats.files.length})</h2>
${
  stats.files.length
    ? html`<div class="table-wrap"><table>
<thead><tr><th scope="col">Source</th><th scope="col">Format</th><th scope="col" class="num">Records</th><th scope="col" class="num">Skipped</th><th scope="col">Last ingested</th></tr></thead>
<tbody>${stats.files.map(
        (f) => html`<tr><td class="file">${named(f.path)}</td><td>${f.format}</td><td class="num">${n(f.records)}</td><td class="num">${n(f.skipped)}</td><td>${f.lastIngestedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>No files ingested yet.</p>`
}
${
  stats.skippedRecords.length
    ? html`<details><summary>Skipped records (${stats.skippedRecords.length})</summary><ul class="skips">${stats.skippedRecords
        .slice(0, 200)
        .map((s) => html`<li><code>${named(s.file)}:${s.line}</code> ${s.reason}</li>`)}</ul></details>`
    : ''
}

<h2>Add more papers</h2>
<p>From the command line, on the machine holding the library (any supported format, detected; <code>.gz</code> read transparently, <code>-</code> for standard input):</p>
<pre><code>npx paperboy ingest FILE…
npx paperboy ingest --format bibtex refs.txt
npx paperboy embed</code></pre>
<p>Over HTTP, signed in with an API token: <code>${UPLOAD_API}</code> with the file as the request body, for example</p>
<pre><code>curl -H "Authorization: Bearer $TOKEN" --data-binary @listing.jsonl ${origin}${UPLOAD_API.replace(/^POST /, '')}</code></pre>
<p>Supported: arXiv abstract dumps and API (Atom) responses, arXiv metadata JSON lines, Hugging Face Daily Papers pages, BibTeX, CSV/TSV, JSON and JSON lines with common field names, and plain abstract lists. Ingesting a file again changes nothing; duplicates across files merge into one paper.</p>
</section>`;
  return c.html(layout(pageContext(c), { title: 'Library', nav: 'library', body }));
}
