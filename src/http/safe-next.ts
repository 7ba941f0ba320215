/**
 * Where to go back to after a form (sign-in, subscribe, upvote): only a path on this site.
 *
 * The candidate is parsed by the WHATWG URL parser, as a browser would, against a dummy origin,
 * and kept only when it stays on that origin. Control characters and backslashes are refused
 * before parsing: browsers drop tabs and newlines inside URLs and read `\` as `/`, so
 * "/\t/evil.example" would reach them as "//evil.example". The answer is the parser's own
 * serialisation (percent-encoded, so it is always a valid Location header), never the input.
 */
const DUMMY_ORIGIN = 'http://next.invalid';

export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, DUMMY_ORIGIN);
  } catch {
    return '/';
  }
  const path = url.pathname + url.search + url.hash;
  // "/..//evil.example" parses to the path "//evil.example", which a browser would read as a host.
  return url.origin === DUMMY_ORIGIN && !path.startsWith('//') ? path : '/';
}
