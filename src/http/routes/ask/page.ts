/**
 * `/ask?q=&paper=`: a question answered from the library, server-rendered (the ask boxes GET
 * it, so it works without JavaScript; app.js streams the answer from /api/ask instead). Each
 * citation mark links to the cited sentence (`/paper/:id#s-N`) and shows its quote on hover or
 * focus; the sources follow, grouped by paper. Every citation shown passed the pipeline's
 * verification: its quote is in its paper and addresses the question's focus.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Answer, Citation } from '../../../ask/ask-types.js';
import { citationNumbers, citeKey, numberCitations, type NumberedCitation } from '../../../ask/compose-answer.js';
import type { Paper } from '../../../core/paper.js';
import { isPaperboyError } from '../../../core/errors.js';
import type { AppEnv } from '../../app-env.js';
import type { Services } from '../../services.js';
import { MAX_QUESTION, askAllowance } from './schema.js';
import { toPlainText } from '../../../text/normalise.js';
import { messageBody } from '../../../web/components.js';
import { html, type SafeHtml } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { renderRich } from '../../../web/latex.js';
import { urls } from '../../../core/urls.js';

/** The link to one cited sentence: the paper page anchors each abstract sentence as `s-N`. */
const sentencePath = (c: Pick<Citation, 'paperId' | 'sentenceIndex'>): string => urls.paperSentence(c.paperId, c.sentenceIndex);

/**
 * An ask box: a form GETting /ask. `paper` scopes it to one paper (the paper page's box).
 * `data-ask` lets app.js stream the answer into `#ask-result` instead of loading the page.
 */
export function askBox(o: { q?: string; paper?: string; label: string }): SafeHtml {
  return html`<form class="ask-box" method="get" action="${urls.ask()}" data-ask>
<label for="ask-q">${o.label}</label>
<div class="ask-row"><input type="text" id="ask-q" name="q" value="${o.q ?? ''}" maxlength="${MAX_QUESTION}" required autocomplete="off" placeholder="${o.paper ? 'e.g. What does it find?' : 'e.g. What do solar sails use for propulsion?'}">
${o.paper ? html`<input type="hidden" name="paper" value="${o.paper}">` : ''}<button type="submit">Ask</button></div>
</form>`;
}


function citeMark(c: Citation, n: number): SafeHtml {
  const quote = toPlainText(c.quote);
  return html`<span class="cite-wrap"><a class="cite" href="${sentencePath(c)}" title="${quote}" aria-describedby="cite-tip-${n}">[${n}]</a><span class="cite-tip" role="tooltip" id="cite-tip-${n}">“${quote}”</span></span>`;
}

/** One paragraph per paper (statements arrive grouped by paper, ask/compose-answer.ts), each statement naming its paper. */
function answerProse(answer: Answer, numbers: Map<string, number>): SafeHtml {
  const paragraphs: Answer['statements'][] = [];
  answer.statements.forEach((s, i) => {
    const prev = answer.statements[i - 1];
    if (prev && prev.citations[0]?.paperId === s.citations[0]?.paperId && prev.stance === s.stance) paragraphs[paragraphs.length - 1]!.push(s);
    else paragraphs.push([s]);
  });
  return html`<div class="answer-text">${paragraphs.map(
    (group) =>
      html`<p>${group.map(
        (s, i) =>
          html`${i ? ' ' : ''}<span class="statement${s.stance ? ` ${s.stance}` : ''}">${s.stance ? html`<span class="badge">${s.stance}</span> ` : ''}${renderRich(s.shown ?? s.text)}${s.citations.map((c) => citeMark(c, numbers.get(citeKey(c))!))}</span>`,
      )}</p>`,
  )}</div>`;
}

function sourcesList(answer: Answer, papers: Map<string, Paper>): SafeHtml {
  // Numbered citations are unique and in first-seen order, so papers come in first-cited order.
  const byPaper = new Map<string, NumberedCitation[]>();
  for (const c of numberCitations(answer.statements)) byPaper.set(c.paperId, [...(byPaper.get(c.paperId) ?? []), c]);
  return html`<section class="sources" aria-label="Sources">
<h2>Sources</h2>
<ul>${[...byPaper].map(([id, cited]) => {
    const paper = papers.get(id);
    return html`<li class="source"><a class="source-title" href="${urls.paper(id)}">${paper ? renderRich(paper.title) : id}</a>${paper?.date ? html` <time datetime="${paper.date}">${paper.date}</time>` : ''}
<ul class="quotes">${cited.map((c) => html`<li><a href="${sentencePath(c)}">[${c.n}]</a> <q>${renderRich(c.quote)}</q></li>`)}</ul></li>`;
  })}</ul>
</section>`;
}

/** Paper ids after a quoted title, as the pipeline's note names the closest papers: “Title” (2405.01234). */
const NOTE_IDS = /” \(([^()\s]{1,300})\)/g;

/** The note with each paper id the library holds made a link to that paper. */
function noteWithLinks(note: string, papers: Map<string, Paper>): SafeHtml {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const m of note.matchAll(NOTE_IDS)) {
    if (!papers.has(m[1]!)) continue;
    parts.push(html`${note.slice(at, m.index)}” (<a href="${urls.paper(m[1]!)}">${m[1]!}</a>)`);
    at = m.index + m[0].length;
  }
  return html`${parts}${note.slice(at)}`;
}

function abstention(answer: Answer, papers: Map<string, Paper>): SafeHtml {
  const scoped = answer.plan.paperId;
  return html`<section class="abstained" role="status">
<h2>No answer: the library does not say</h2>
<p>Nothing in ${scoped ? 'this paper' : 'these papers'} answers <q>${answer.question}</q>, so paperboy will not guess.</p>
${answer.note ? html`<p class="note">${noteWithLinks(answer.note, papers)}</p>` : ''}
<p>${scoped ? html`<a href="${urls.paper(scoped)}">Back to the paper</a> · ` : ''}<a href="${urls.search({ q: answer.plan.query })}">Search the library for <q>${answer.plan.query}</q></a></p>
</section>`;
}

/**
 * The answer, its plan and its sources (or the abstention): the part app.js replaces. `papers`
 * holds the papers it names: those cited, or those an abstention's note mentions.
 */
function answerBody(answer: Answer, papers: Map<string, Paper>): SafeHtml {
  const numbers = citationNumbers(answer.statements);
  return html`<article class="answer">
<h2 class="question">${answer.question}</h2>
<p class="why">${answer.plan.why}</p>
${answer.abstained ? abstention(answer, papers) : html`${answerProse(answer, numbers)}${sourcesList(answer, papers)}`}
<p class="checked">${answer.checked}</p>
<p class="engine">${answer.engine} engine, ${answer.rounds} ${answer.rounds === 1 ? 'round' : 'rounds'} of retrieval.</p>
</article>`;
}

/** The web page /ask runs the pipeline too: the same allowance, refused in plain text. */
function askPageLimit(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.query('q')?.trim()) return next();
    const gate = askAllowance(c, services);
    if (gate.allowed) return next();
    c.header('Retry-After', String(gate.retryAfter));
    return c.text(`Too many questions: try again in ${gate.retryAfter} seconds.`, 429);
  };
}

export function askPages(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/ask', askPageLimit(services));
  app.get('/ask', askPage);
  return app;
}

async function askPage(c: Context<AppEnv>): Promise<Response> {
  const library = c.get('library');
  const ctx = pageContext(c);
  const q = (c.req.query('q') ?? '').trim().slice(0, MAX_QUESTION);
  const paperId = (c.req.query('paper') ?? '').trim().slice(0, 300) || undefined;
  const paper = paperId ? await library.store.getPaper(paperId) : undefined;
  const title = paper ? html`Ask about <a href="${urls.paper(paper.id)}">${renderRich(paper.title)}</a>` : html`Ask the library`;
  const page = (result: SafeHtml | '', status: 200 | 404 = 200) =>
    c.html(
      layout(ctx, {
        title: q ? `Ask: ${q}` : 'Ask',
        nav: 'ask',
        body: html`<section class="ask-page">
<h1>${title}</h1>
${askBox({ q, ...(paper ? { paper: paper.id } : {}), label: paper ? 'Your question about this paper' : 'Your question' })}
<div id="ask-result" aria-live="polite">${result}</div>
</section>`,
      }),
      status,
    );
  if (paperId && !paper) return page(messageBody('No such paper', html`No paper with id <code>${paperId}</code> is in this library.`), 404);
  // Every paper write advances seq, so 0 means no papers (stats() would count everything).
  if ((await library.store.currentSeq()) === 0) {
    return page(html`<section class="message"><h2>The library is empty</h2><p>There is nothing to answer from yet: <a href="${urls.library}">add papers</a> first.</p></section>`);
  }
  if (!q) return page(html`<p class="hint">Answers quote the papers: every citation links to the sentence it comes from. When the papers do not say, the answer says so.</p>`);
  let answer: Answer;
  try {
    answer = await library.ask(q, { ...(paper ? { paperId: paper.id } : {}), signal: c.req.raw.signal });
  } catch (err) {
    if (!isPaperboyError(err)) throw err;
    return page(html`<ul class="warnings" role="status"><li>${err.message}</li></ul>`);
  }
  const named = [...new Set([...answer.statements.flatMap((s) => s.citations.map((x) => x.paperId)), ...[...(answer.note ?? '').matchAll(NOTE_IDS)].map((m) => m[1]!)])];
  const papers = new Map((await Promise.all(named.map((id) => library.store.getPaper(id)))).flatMap((p, i) => (p ? [[named[i]!, p] as const] : [])));
  return page(answerBody(answer, papers));
}
