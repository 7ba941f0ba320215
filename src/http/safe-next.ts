/** Only a local path (not `//host`, not a scheme) is a place to go back to after a form. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
