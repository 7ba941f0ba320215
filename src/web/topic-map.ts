/**
 * The library map as a server-rendered SVG: each paper a dot at its landmark-MDS position,
 * coloured by topic, wrapped in a link to the paper with an SVG <title> (shown on hover). The
 * points come from topics/map-sample.ts, so the page stays light.
 */
import { html, type SafeHtml } from '../core/html.js';
import { urls } from '../core/urls.js';

export interface MapPoint {
  id: string;
  title: string;
  topic: number;
  x: number;
  y: number;
}

/** A topic's colour: hues spaced by the golden angle, so neighbouring topic numbers differ. */
const topicColour = (topic: number): string => `hsl(${Math.round((topic * 137.508) % 360)} 65% 48%)`;

const WIDTH = 960;
const HEIGHT = 640;
const PAD = 12;

export function topicMap(points: MapPoint[], title: string): SafeHtml {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // One scale for both axes, so distances keep their meaning.
  const scale = Math.min((WIDTH - 2 * PAD) / (maxX - minX || 1), (HEIGHT - 2 * PAD) / (maxY - minY || 1));
  // Centred in the box.
  const ox = (WIDTH - (maxX - minX) * scale) / 2;
  const oy = (HEIGHT - (maxY - minY) * scale) / 2;
  const sx = (x: number) => Math.round((ox + (x - minX) * scale) * 10) / 10;
  const sy = (y: number) => Math.round((oy + (y - minY) * scale) * 10) / 10;
  return html`<svg class="topic-map" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}">
${points.map((p) => html`<a href="${urls.paper(p.id)}"><circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="3" fill="${topicColour(p.topic)}"><title>${p.title}</title></circle></a>`)}
</svg>`;
}

/** A colour swatch for a legend. */
export const swatch = (topic: number): SafeHtml =>
  html`<svg class="swatch" width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="${topicColour(topic)}"></circle></svg>`;
