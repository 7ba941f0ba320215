/**
 * Configuration, parsed once at start from flags and environment and validated with zod.
 * Everything else receives a `Config`; nothing else reads process.env.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PaperboyError } from './errors.js';

const ConfigSchema = z.object({
  /** The library's data directory. */
  dataDir: z.string().min(1),
  /** Today's date (ISO), for sources that leave the year implied; overridable for tests. */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Key for an OpenAI-compatible embeddings endpoint ($PAPERBOY_EMBEDDING_API_KEY); never stored. */
  embeddingApiKey: z.string().optional(),
  /**
   * Who may read the library over HTTP: anyone ('open', the default when unset) or signed-in
   * users only ('private'); $PAPERBOY_ACCESS.
   */
  access: z.enum(['open', 'private'], { error: 'PAPERBOY_ACCESS must be open or private' }).optional(),
  /** Mark cookies Secure even when a request did not arrive over TLS ($PAPERBOY_SECURE_COOKIES=1). */
  secureCookies: z.boolean().optional(),
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy ($PAPERBOY_TRUST_PROXY=1). */
  trustProxy: z.boolean().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigInput {
  data?: string | undefined;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** The default data directory: $PAPERBOY_HOME, else $XDG_DATA_HOME/paperboy, else ~/.local/share/paperboy. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.PAPERBOY_HOME) return env.PAPERBOY_HOME;
  const xdg = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'paperboy');
}

/** An on/off environment variable: 1, true, yes or on (any case) is on. */
const flag = (value: string | undefined) => /^(1|true|yes|on)$/i.test(value ?? '');

export function loadConfig(input: ConfigInput = {}): Config {
  const env = input.env ?? process.env;
  const raw = {
    dataDir: path.resolve(input.data ?? defaultDataDir(env)),
    today: env.PAPERBOY_TODAY ?? (input.now ?? new Date()).toISOString().slice(0, 10),
    embeddingApiKey: env.PAPERBOY_EMBEDDING_API_KEY || undefined,
    access: env.PAPERBOY_ACCESS || 'open',
    secureCookies: flag(env.PAPERBOY_SECURE_COOKIES),
    trustProxy: flag(env.PAPERBOY_TRUST_PROXY),
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PaperboyError('BAD_CONFIG', `invalid configuration: ${issues}`);
  }
  return parsed.data;
}
