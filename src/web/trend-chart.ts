/**
 * A topic's trend as a server-rendered SVG: papers per week as a filled area (left axis) and
 * upvotes per week as a line (right axis; left out when the weeks have no upvotes, as in a
 * library of arXiv listings), with the first and last week on the time axis and an accessible
 * title and description. A detailed chart adds one hover target per week with its
 * numbers; small ones stay a few hundred bytes, as a page lists dozens. Every text goes through
 * `html`, so labels are escaped.
 */
import type { WeeklySeries } from '../topics/weekly-series.js';
import { html, type SafeHtml } from '../core/html.js';
import { counted } from '../core/plural.js';

export interface ChartOptions {
  /** Accessible name, e.g. "Papers and upvotes per week: retrieval · dense · passage". */
  title: string;
  width?: number;
  height?: number;
  /** One hover target per week with its counts. */
  detailed?: boolean;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function trendChart(series: WeeklySeries, o: ChartOptions): SafeHtml {
  const width = o.width ?? 320;
  const height = o.height ?? 110;
  const m = { left: 34, right: 34, top: 8, bottom: 20 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const n = series.weeks.length;
  const maxPapers = Math.max(1, ...series.papers);
  const maxUpvotes = Math.max(0, ...series.upvotes);
  const slot = n ? w / n : w;
  const x = (i: number) => round(m.left + i * slot);
  const yPapers = (v: number) => round(m.top + h - (v / maxPapers) * h);
  const yUpvotes = (v: number) => round(m.top + h - (maxUpvotes ? (v / maxUpvotes) * h : 0));
  const totalPapers = series.papers.reduce((a, b) => a + b, 0);
  const totalUpvotes = series.upvotes.reduce((a, b) => a + b, 0);
  const first = series.weeks[0] ?? '';
  const last = series.weeks[n - 1] ?? '';
  const mid = (i: number) => round(x(i) + slot / 2);
  const base = m.top + h;
  const area = `${mid(0)},${base} ${series.papers.map((v, i) => `${mid(i)},${yPapers(v)}`).join(' ')} ${mid(n - 1)},${base}`;
  const line = series.upvotes.map((v, i) => `${mid(i)},${yUpvotes(v)}`).join(' ');
  const targets = o.detailed
    ? series.weeks.map(
        (week, i) =>
          html`<rect class="week" x="${x(i)}" y="${m.top}" width="${round(slot)}" height="${h}"><title>week of ${week}: ${counted(series.papers[i]!, 'paper')}${maxUpvotes ? `, ${counted(series.upvotes[i]!, 'upvote')}` : ''}</title></rect>`,
      )
    : '';
  const id = `c${Math.abs(hashOf(o.title + first + last)).toString(36)}`;
  return html`<svg class="trend-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d">
<title id="${id}-t">${o.title}</title>
<desc id="${id}-d">${counted(n, 'week')} from ${first} to ${last}: ${counted(totalPapers, 'paper')} (at most ${maxPapers} a week)${maxUpvotes ? `, ${counted(totalUpvotes, 'upvote')}` : ''}.</desc>
<g class="axis" aria-hidden="true">
<line x1="${m.left}" y1="${m.top + h}" x2="${m.left + w}" y2="${m.top + h}"></line>
<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + h}"></line>
<text x="${m.left - 4}" y="${m.top + 8}" text-anchor="end">${maxPapers}</text>
<text x="${m.left - 4}" y="${m.top + h}" text-anchor="end">0</text>
${maxUpvotes ? html`<text class="upvote-axis" x="${m.left + w + 4}" y="${m.top + 8}">${maxUpvotes}</text>` : ''}
<text x="${m.left}" y="${height - 4}">${first}</text>
<text x="${m.left + w}" y="${height - 4}" text-anchor="end">${last}</text>
</g>
${n ? html`<polygon class="papers" points="${area}"></polygon>${maxUpvotes ? html`<polyline class="upvotes" points="${line}"></polyline>` : ''}` : ''}
${targets}
</svg>`;
}

/** A small string hash for element ids (several charts share a page). */
function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
