/**
 * Configuration, parsed once at start from flags and environment and validated with zod.
 * Everything else receives a `Config`; nothing else reads process.env.
 */
import path from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from './data-dir.js';
import { PaperboyError } from './errors.js';

const ConfigSchema = z.object({
  /** The library's data directory. */
  dataDir: z.string().min(1),
  /** Today's date (ISO), for sources that leave the year implied; overridable for tests. */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** True when $PAPERBOY_TODAY set `today`: the date stays put, even in a server that runs for days. */
  todayPinned: z.boolean().optional(),
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
  /**
   * The mail server digests are sent through: $PAPERBOY_SMTP_URL (smtp://user:pass@host:port,
   * smtps:// for implicit TLS) or $PAPERBOY_SMTP_HOST, _PORT, _SECURE, _USER, _PASS. Plain smtp://
   * upgrades with STARTTLS when the server offers it.
   */
  smtp: z
    .object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      /** Implicit TLS from the first byte (smtps, usually port 465). */
      secure: z.boolean(),
      user: z.string().optional(),
      pass: z.string().optional(),
    })
    .optional(),
  /** The From of digest emails ($PAPERBOY_MAIL_FROM), e.g. "paperboy <papers@example.org>". */
  mailFrom: z.string().min(3).optional(),
  /**
   * The LLM `paperboy ask` may use (flags override): an OpenAI-compatible chat endpoint
   * ($PAPERBOY_LLM_URL, $PAPERBOY_LLM_MODEL, key in $PAPERBOY_LLM_API_KEY, never stored or printed)
   * or a local GGUF file through node-llama-cpp ($PAPERBOY_LLM_GGUF); $PAPERBOY_LLM_TIMEOUT_MS
   * (connect, and silence mid-answer), $PAPERBOY_LLM_MAX_TOKENS (per call) and
   * $PAPERBOY_LLM_BUDGET (tokens per question, every call); $PAPERBOY_LLM_JUDGE=1 adds the LLM support judge.
   */
  llm: z.object({
    url: z.url({ protocol: /^https?$/, error: 'PAPERBOY_LLM_URL must be an http(s) URL' }).optional(),
    model: z.string().min(1).optional(),
    apiKey: z.string().optional(),
    gguf: z.string().min(1).optional(),
    timeoutMs: z.number({ error: 'PAPERBOY_LLM_TIMEOUT_MS must be a number' }).int().positive().optional(),
    maxTokens: z.number({ error: 'PAPERBOY_LLM_MAX_TOKENS must be a number' }).int().positive().optional(),
    budgetTokens: z.number({ error: 'PAPERBOY_LLM_BUDGET must be a number' }).int().positive().optional(),
    /** Also have the LLM judge each statement's support ($PAPERBOY_LLM_JUDGE=1). */
    judge: z.boolean().optional(),
  }).optional(),
  /** The address the web app is reached at ($PAPERBOY_BASE_URL), for links in emails and feeds. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'PAPERBOY_BASE_URL must be an http(s) URL' }).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigInput {
  data?: string | undefined;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** An on/off environment variable: 1, true, yes or on (any case) is on. */
const flag = (value: string | undefined) => /^(1|true|yes|on)$/i.test(value ?? '');

/** A numeric environment variable: unset is undefined, anything else a number (NaN fails validation). */
const numberFrom = (value: string | undefined) => (value ? Number(value) : undefined);

/**
 * The SMTP settings from the environment. Messages never include the URL or the password: a
 * configuration error may end up in a log.
 */
function smtpFromEnv(env: NodeJS.ProcessEnv): unknown {
  if (env.PAPERBOY_SMTP_URL) {
    let url: URL;
    try {
      url = new URL(env.PAPERBOY_SMTP_URL);
    } catch {
      throw new PaperboyError('BAD_CONFIG', 'invalid configuration: PAPERBOY_SMTP_URL is not a URL (smtp://user:pass@host:port or smtps://…)');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new PaperboyError('BAD_CONFIG', 'invalid configuration: PAPERBOY_SMTP_URL must start with smtp:// or smtps://');
    }
    const secure = url.protocol === 'smtps:';
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { pass: decodeURIComponent(url.password) } : {}),
    };
  }
  if (!env.PAPERBOY_SMTP_HOST) return undefined;
  const secure = flag(env.PAPERBOY_SMTP_SECURE);
  return {
    host: env.PAPERBOY_SMTP_HOST,
    port: env.PAPERBOY_SMTP_PORT ? Number(env.PAPERBOY_SMTP_PORT) : secure ? 465 : 587,
    secure,
    ...(env.PAPERBOY_SMTP_USER ? { user: env.PAPERBOY_SMTP_USER } : {}),
    ...(env.PAPERBOY_SMTP_PASS ? { pass: env.PAPERBOY_SMTP_PASS } : {}),
  };
}

export function loadConfig(input: ConfigInput = {}): Config {
  const env = input.env ?? process.env;
  const raw = {
    dataDir: path.resolve(input.data ?? defaultDataDir(env)),
    today: env.PAPERBOY_TODAY ?? (input.now ?? new Date()).toISOString().slice(0, 10),
    todayPinned: env.PAPERBOY_TODAY ? true : undefined,
    embeddingApiKey: env.PAPERBOY_EMBEDDING_API_KEY || undefined,
    access: env.PAPERBOY_ACCESS || 'open',
    secureCookies: flag(env.PAPERBOY_SECURE_COOKIES),
    trustProxy: flag(env.PAPERBOY_TRUST_PROXY),
    smtp: smtpFromEnv(env),
    mailFrom: env.PAPERBOY_MAIL_FROM || undefined,
    llm: {
      url: env.PAPERBOY_LLM_URL || undefined,
      model: env.PAPERBOY_LLM_MODEL || undefined,
      apiKey: env.PAPERBOY_LLM_API_KEY || undefined,
      gguf: env.PAPERBOY_LLM_GGUF || undefined,
      timeoutMs: numberFrom(env.PAPERBOY_LLM_TIMEOUT_MS),
      maxTokens: numberFrom(env.PAPERBOY_LLM_MAX_TOKENS),
      budgetTokens: numberFrom(env.PAPERBOY_LLM_BUDGET),
      judge: flag(env.PAPERBOY_LLM_JUDGE) || undefined,
    },
    baseUrl: env.PAPERBOY_BASE_URL ? env.PAPERBOY_BASE_URL.replace(/\/+$/, '') : undefined,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    // Only paths and messages: never the values, which may hold the SMTP password or an API key.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PaperboyError('BAD_CONFIG', `invalid configuration: ${issues}`);
  }
  return parsed.data;
}
