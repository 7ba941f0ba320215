/**
 * The most text one request works on for one field: the ingest limit of an abstract
 * (sources/record-limits.ts uses this number). Papers stored before that limit existed may be
 * longer; pages, snippets and sentence splitting clip them first, so no single paper can make a
 * request do unbounded work.
 */
export const MAX_TEXT_CHARS = 50_000;

/** `s` cut to `max` characters (at a space when one is near the end), with "…" when cut. */
export function clipText(s: string, max = MAX_TEXT_CHARS): string {
  if (s.length <= max) return s;
  const space = s.lastIndexOf(' ', max);
  return `${s.slice(0, space > max - 200 ? space : max)} …`;
}
