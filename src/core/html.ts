/**
 * HTML building for the server-rendered pages: a tagged template that escapes every interpolated
 * value unless it is already `SafeHtml`. Text from papers only ever reaches a page through
 * `escapeHtml` (directly or via `html`); `raw` is for markup this module tree produced itself
 * (KaTeX output, rendered fragments).
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Text (or an attribute value inside double or single quotes) made safe for HTML. */
export function escapeHtml(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, (ch) => ESCAPES[ch]!) : s;
}

/** Trusted markup, as is. Never pass text from papers or requests here. */
export const raw = (s: string): SafeHtml => new SafeHtml(s);

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const v of value) out += render(v);
  return out;
}

/** `html\`<p>${text}</p>\``: every value escaped, arrays joined, null/undefined/booleans dropped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Joins fragments with a separator (escaped unless SafeHtml). */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(items.map(render).join(sep));
}

/**
 * The URL if it is an absolute http(s) URL, normalised by the URL parser; otherwise undefined.
 * Only such URLs ever become links: `javascript:`, `data:`, relative and malformed ones stay text.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
