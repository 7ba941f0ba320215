/**
 * Every error paperboy reports on purpose has a code from this one table. The CLI maps codes to
 * exit codes (cli/main.ts) and the HTTP API maps them to statuses (http/on-error.ts), each in one place.
 */
export const ERROR_CODES = {
  BAD_INPUT: { exit: 2, http: 400, summary: 'the input could not be understood' },
  UNRECOGNISED_FORMAT: { exit: 2, http: 415, summary: 'no parser recognises this file' },
  BINARY_FILE: { exit: 2, http: 415, summary: 'the file is binary, not a text listing' },
  FILE_NOT_FOUND: { exit: 2, http: 404, summary: 'the file does not exist' },
  NOT_FOUND: { exit: 3, http: 404, summary: 'no such paper' },
  BAD_QUERY: { exit: 2, http: 400, summary: 'the query could not be understood' },
  BAD_CONFIG: { exit: 2, http: 500, summary: 'the configuration is invalid' },
  EMBEDDING_FAILED: { exit: 6, http: 502, summary: 'the embedding model failed or answered wrongly' },
  EMBEDDING_UNAVAILABLE: { exit: 6, http: 503, summary: 'the embedding endpoint or model cannot be reached' },
  LLM_FAILED: { exit: 6, http: 502, summary: 'the language model failed or answered wrongly' },
  LLM_UNAVAILABLE: { exit: 6, http: 503, summary: 'the language model endpoint cannot be reached or is not installed' },
  NO_EMBEDDINGS: { exit: 2, http: 409, summary: 'the library has no embeddings yet: run paperboy embed' },
  TOPICS_BUILDING: { exit: 4, http: 503, summary: 'the topic model is being built: try again shortly' },
  STORE_VERSION: { exit: 4, http: 500, summary: 'the library was written by a newer paperboy' },
  STORE_FAILURE: { exit: 4, http: 500, summary: 'the library could not be read or written' },
  STORAGE_FULL: { exit: 8, http: 507, summary: 'the disk holding the library is full: free space and run again' },
  UNAUTHENTICATED: { exit: 2, http: 401, summary: 'sign in (or send an API token) first' },
  FORBIDDEN: { exit: 2, http: 403, summary: 'this account may not do that' },
  CSRF_FAILED: { exit: 2, http: 403, summary: 'the form or request lacked a valid CSRF token' },
  CONFLICT: { exit: 2, http: 409, summary: 'that already exists' },
  PAYLOAD_TOO_LARGE: { exit: 2, http: 413, summary: 'the request body is too large' },
  RATE_LIMITED: { exit: 2, http: 429, summary: 'too many attempts: wait and try again' },
  SOURCE_UNAVAILABLE: { exit: 7, http: 503, summary: 'a live source cannot be reached or stays overloaded' },
  SOURCE_FAILED: { exit: 7, http: 502, summary: 'a live source answered with an error or something unreadable' },
  MAIL_FAILED: { exit: 7, http: 502, summary: 'the mail server could not be reached or refused the message' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PaperboyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PaperboyError';
  }
}

export const isPaperboyError = (err: unknown): err is PaperboyError => err instanceof PaperboyError;
