/**
 * What every request handler (JSON API and web pages) can use: the library, and who is asking.
 * The auth middleware (src/http/auth-middleware.ts) sets `user`, `authMethod` and `csrfToken` on
 * each request.
 */
import type { Library } from '../library/library.js';

export interface SessionUser {
  id: number;
  name: string;
  admin: boolean;
}

export interface AppEnv {
  Variables: {
    library: Library;
    /** The signed-in user (session cookie or API token), if any. */
    user: SessionUser | undefined;
    /** How `user` was recognised: API-token requests carry no ambient credentials (no CSRF check). */
    authMethod: 'session' | 'token' | undefined;
    /** The CSRF token to embed in this response's forms (double-submit, tied to the session). */
    csrfToken: string;
  };
}
