/**
 * Every command of README.md, run as a reader would run it, in README order, against one
 * temporary library (PAPERBOY_HOME) and home directory: the fenced `sh` and `cron` blocks are
 * read, each line (with its `\` continuations, without its comment and, in cron, its schedule)
 * split at `&&`, and each command run by `sh` from the repository's root with `paperboy` on PATH
 * meaning the built CLI (bin/paperboy.js, so dist/ must be current: `npm run build`).
 *
 * Commands that would reach the network run against local servers started here (the sync tests'
 * recorded responses, OpenAI-protocol stand-ins for an embedding model and an LLM, an SMTP
 * server): the few that must be changed for that are in RULES with `runAs` and the reason.
 * Long-running ones (serve, --every) are started, answer a request, and are stopped. A command
 * that cannot run is in RULES with `notRun` and the reason. The test fails on a command that
 * fails, and on a rule whose command is no longer in the README.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from './cli/test-support/run-cli.js';
import { startSmtpSink, type SmtpSink } from './digest/test-support/smtp-sink.js';
import { ONNX_MISSING } from './embeddings/test-support/onnx-package.js';
import { serveEmbeddings, type EmbeddingServer } from './embeddings/test-support/openai-server.js';
import { writeTinyModel } from './embeddings/test-support/tiny-onnx-model.js';
import { modelReply, serveChat, type ChatServer } from './llm/test-support/chat-server.js';
import { startRecordedServer, syncFixture, type RecordedServer } from './sync/test-support/recorded-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- the README's commands

/** One command of the README, in order; `text` is as written (after `npx paperboy` → `paperboy`). */
export interface ReadmeCommand {
  text: string;
  /** The README line it comes from, for messages. */
  line: number;
}

/** The commands of the fenced sh and cron blocks of a markdown text. */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  const lines = markdown.split('\n');
  let fence: 'sh' | 'cron' | 'other' | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = /^```(\w*)\s*$/.exec(line);
    if (fence === undefined && open) {
      fence = open[1] === 'sh' ? 'sh' : open[1] === 'cron' ? 'cron' : 'other';
      continue;
    }
    if (fence !== undefined && /^```\s*$/.test(line)) {
      fence = undefined;
      continue;
    }
    if (fence !== 'sh' && fence !== 'cron') continue;
    const start = i;
    let text = line;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    text = withoutComment(text).trim();
    if (fence === 'cron') text = text.replace(/^(\S+\s+){5}/, '');
    for (const part of splitOutsideQuotes(text, '&&')) {
      const command = part.trim().replace(/^npx paperboy\b/, 'paperboy');
      if (command) commands.push({ text: command, line: start + 1 });
    }
  }
  return commands;
}

/** The line up to a `#` that starts a comment (after a space, outside quotes). */
function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (text.startsWith(separator, i)) {
      parts.push(text.slice(from, i));
      from = i + separator.length;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

// ---------------------------------------------------------------- how each command runs

interface World {
  /** The local stand-ins for arXiv, OAI-PMH, Hugging Face and a feed. */
  sources: RecordedServer;
  embeddings: EmbeddingServer;
  llm: ChatServer;
  smtp: SmtpSink;
  home: string;
  library: string;
  /** Environment every command runs with (TOKEN is added once `token create` printed one). */
  env: NodeJS.ProcessEnv;
  /** A free port for the servers the README starts. */
  port: number;
  run(command: string, input?: string): Promise<Run>;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Rule {
  /** Why the test does not run it. */
  notRun?: string;
  /** The command as run, when it cannot be run as written, and `why`. */
  runAs?: (w: World) => string;
  why?: string;
  input?: string;
  /** Done before the command runs. */
  before?: (w: World) => Promise<void>;
  /** A server or a schedule: started, checked by `check` while it runs, then stopped. */
  longRunning?: 'server' | 'schedule';
  /** Assertions beyond the exit code (0 unless `exit` says otherwise). */
  check?: (r: Run, w: World) => void | Promise<void>;
  exit?: number;
}

const HAS_CURL = spawnSync('curl', ['--version']).status === 0;
const ARXIV = (w: World) => `--base-url ${w.sources.url}/api/query --delay 0`;
const SERVER_PORT = (command: string, w: World) =>
  command.includes('--port 8080') ? command.replace('--port 8080', `--port ${w.port}`) : `${command} --port ${w.port}`;
const titles = (stdout: string): string[] => [...stdout.matchAll(/^ *\d+\. (.+)$/gm)].map((m) => m[1]!);
const json = <T>(r: Run): T => JSON.parse(r.stdout) as T;

const RULES: Record<string, Rule> = {
  'npm ci': { notRun: 'the install this test runs in (CI runs it in a fresh clone: .ci/run)' },
  'npm test': { notRun: 'runs this test' },
  'npm link': { notRun: "writes to the machine's global npm folder; here `paperboy` on PATH is the built CLI" },
  'npm run build': { notRun: 'rewrites dist/ while other tests run it; npm ci runs it, and this test refuses a stale dist/' },
  'npm run typecheck': { notRun: 'npm test runs it' },
  'npm run lint': { notRun: 'npm test runs it' },
  'npx vitest run src/ingest': { notRun: 'a part of the test run this test is in' },
  'npm run docs:evaluation': { notRun: 'bench/evaluation-doc.test.ts checks that its output is docs/evaluation.md' },
  'npm run bench topics': { notRun: 'a benchmark: minutes of work over ../shared, run on its own (npm run bench)' },
  'paperboy install onnx': {
    notRun: 'downloads the ONNX runtime (about 470 MB) from the npm registry; .ci/run runs it before npm test, and src/cli/install-command.test.ts runs it with --dry-run',
  },

  'paperboy ingest examples/retrieval-papers.bib': {
    // New the first time (the quickstart), unchanged the second (the reference).
    check: (r) => expect(r.stderr).toMatch(/bibtex: 55 records: (55 new papers|0 new papers, 0 merged, 55 unchanged)/),
  },
  'paperboy search "deciding when to retrieve"': {
    // The README says which papers come first.
    check: (r) =>
      expect(titles(r.stdout).slice(0, 3)).toEqual([
        'Active Retrieval Augmented Generation',
        'Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection',
        'When Not to Trust Language Models: Investigating Effectiveness of Parametric and Non-Parametric Memories',
      ]),
  },
  'paperboy serve': {
    runAs: (w) => SERVER_PORT('paperboy serve', w),
    why: 'port 8080 may be taken on the test machine',
    longRunning: 'server',
    check: async (_r, w) => {
      const page = await fetch(`http://127.0.0.1:${w.port}/search?q=deciding+when+to+retrieve`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Active Retrieval Augmented Generation');
    },
  },
  'paperboy sync arxiv --category cs.CL --query retrieval': {
    runAs: (w) => `paperboy sync arxiv --category cs.CL --query retrieval ${ARXIV(w)}`,
    why: 'arXiv is a local server answering with recorded pages',
    check: (r) => expect(r.stderr).toMatch(/5 new papers/),
  },
  'paperboy embed': { check: (r) => expect(r.stderr).toMatch(/papers embedded/) },
  'paperboy search --mode semantic "look things up only when the generator is uncertain"': {
    check: (r) => expect(titles(r.stdout)[0]).toBe('Active Retrieval Augmented Generation'),
  },
  'paperboy related 2305.06983': { check: (r) => expect(titles(r.stdout).length).toBeGreaterThan(0) },
  'paperboy ask "how do language models decide when to retrieve?"': {
    // Answered from a paper that decides when to retrieve (Self-RAG's reflection tokens or FLARE), each citation a sentence.
    check: (r) => expect(r.stdout).toMatch(/\((2310\.11511, 2023-10-01|2305\.06983, 2023-05-01)\) sentence/),
  },
  'paperboy serve --sync-every 6h': {
    runAs: (w) => SERVER_PORT('paperboy serve --sync-every 6h', w),
    why: 'port 8080 may be taken on the test machine',
    longRunning: 'server',
    check: async (_r, w) => expect((await fetch(`http://127.0.0.1:${w.port}/`)).status).toBe(200),
  },

  'paperboy show 2004.04906': { check: (r) => expect(r.stdout).toContain('Dense Passage Retrieval for Open-Domain Question Answering') },
  "paperboy search 'author:\"Danqi Chen\" cat:cs.CL year:2020..2023 retrieval -survey'": {
    check: (r) => expect(titles(r.stdout)).toContain('Dense Passage Retrieval for Open-Domain Question Answering'),
  },
  'paperboy topic TOPIC': {
    runAs: (w) => `paperboy topic ${w.env.TOPIC}`,
    why: 'TOPIC stands for an id that paperboy topics prints',
    before: async (w) => {
      const topics = json<{ topics: { id: string }[] }>(await w.run('paperboy topics --json'));
      w.env.TOPIC = topics.topics[0]!.id;
    },
  },
  'paperboy sync oai --set cs --since 2026-11-01': {
    runAs: (w) => `paperboy sync oai --set cs --since 2026-11-01 --base-url ${w.sources.url}/oai2 --delay 0`,
    why: 'arXiv OAI-PMH is a local server answering with recorded pages',
  },
  'paperboy sync hf': {
    runAs: (w) => `paperboy sync hf --base-url ${w.sources.url}/api/daily_papers --delay 0`,
    why: 'Hugging Face is a local server answering with recorded days',
  },
  'paperboy sync feed https://rss.arxiv.org/rss/cs.CL': {
    runAs: (w) => `paperboy sync feed ${w.sources.url}/rss/cs.CL --delay 0`,
    why: 'the feed is served by a local server from a recorded copy',
  },
  'paperboy sync --remove KEY': {
    runAs: (w) => `paperboy sync --remove '${w.env.KEY}'`,
    why: 'KEY stands for a key that paperboy sync --list prints',
    before: async (w) => {
      const sources = JSON.parse((await w.run('paperboy sync --list --json')).stdout) as { key: string }[];
      w.env.KEY = sources.at(-1)!.key;
    },
  },
  'paperboy sync --every 6h': {
    longRunning: 'schedule',
    check: (r) => expect(r.stderr).toMatch(/papers in the library/),
  },
  'paperboy --data ~/papers sync >> ~/papers/sync.log 2>&1': {
    // The cron line syncs another library, which must follow a source first.
    before: async (w) => {
      const follow = await w.run(`paperboy --data ~/papers sync arxiv --category cs.CL ${ARXIV(w)}`);
      expect(follow.code).toBe(0);
    },
    check: (_r, w) => expect(readFileSync(path.join(w.home, 'papers', 'sync.log'), 'utf8')).toMatch(/papers in the library/),
  },
  'paperboy embed --provider onnx --model-dir ~/models/bge-small-en-v1.5': {
    // Run as written either way: with the package a tiny model stands in for bge-small; without
    // it the command must say how to install it.
    before: async (w) => {
      writeTinyModel(path.join(w.home, 'models', 'bge-small-en-v1.5'), { words: ['retrieval', 'dense', 'passage'] });
    },
    ...(ONNX_MISSING ? { exit: 6, check: (r: Run) => expect(r.stderr).toContain('paperboy install onnx') } : {}),
  },
  'paperboy embed --provider openai --base-url http://localhost:11434/v1 --model nomic-embed-text': {
    runAs: (w) => `paperboy embed --provider openai --base-url ${w.embeddings.baseUrl}/v1 --model nomic-embed-text`,
    why: 'the embedding endpoint is a local stand-in speaking the OpenAI protocol',
    check: (_r, w) => expect(w.embeddings.seen.length).toBeGreaterThan(0),
  },
  'paperboy ask "how do language models decide when to retrieve?" --llm-url http://localhost:11434/v1 --llm-model llama3.1:8b': {
    runAs: (w) => `paperboy ask "how do language models decide when to retrieve?" --llm-url ${w.llm.baseUrl}/v1 --llm-model llama3.1:8b`,
    why: 'the LLM is a local stand-in speaking the OpenAI protocol',
    check: (_r, w) => expect(w.llm.seen.length).toBeGreaterThan(0),
  },
  'paperboy user add ann': {
    runAs: () => 'paperboy user add ann --password-stdin',
    why: 'it asks for the password twice on a terminal; the test pipes it in',
    input: 'correct horse battery staple\n',
  },
  'paperboy serve --port 8080': {
    runAs: (w) => SERVER_PORT('paperboy serve --port 8080', w),
    why: 'port 8080 may be taken on the test machine',
    longRunning: 'server',
    check: async (_r, w) => expect((await fetch(`http://127.0.0.1:${w.port}/api/stats`)).status).toBe(200),
  },
  'PAPERBOY_ACCESS=private paperboy serve': {
    runAs: (w) => SERVER_PORT('PAPERBOY_ACCESS=private paperboy serve', w),
    why: 'port 8080 may be taken on the test machine',
    longRunning: 'server',
    check: async (_r, w) => expect((await fetch(`http://127.0.0.1:${w.port}/api/stats`)).status).toBe(401),
  },
  'paperboy token create --user ann': {
    check: (r, w) => {
      const token = /\bpb_\S+/.exec(r.stdout)?.[0];
      expect(token).toBeDefined();
      w.env.TOKEN = token;
    },
  },
  'curl -N -H "Authorization: Bearer $TOKEN" -H \'Accept: text/event-stream\' -H \'Content-Type: application/json\' -d \'{"question": "Which papers rerank search results with a language model?"}\' http://127.0.0.1:8080/api/ask': {
    // .ci/run installs curl; a developer's machine may lack it.
    ...(HAS_CURL ? {} : { notRun: 'curl is not installed on this machine' }),
    runAs: (w) =>
      `curl -sS -N -H "Authorization: Bearer $TOKEN" -H 'Accept: text/event-stream' -H 'Content-Type: application/json' -d '{"question": "Which papers rerank search results with a language model?"}' http://127.0.0.1:${w.port}/api/ask`,
    why: 'the server the README started on port 8080 runs on a free port here (and -sS keeps curl quiet)',
    before: (w) => startServer(w),
    check: async (r) => {
      await stopServer();
      expect(r.stdout).toMatch(/^event: answer$/m);
    },
  },
  'paperboy digest --since 1d': {
    // The mail settings are in the environment, as the README says (the local SMTP server's).
    check: (_r, w) => expect(w.smtp.received.length).toBeGreaterThan(0),
  },
  'PAPERBOY_HOME=/srv/paperboy PAPERBOY_SMTP_URL=smtp://digest:secret@mail.example.org:587 PAPERBOY_MAIL_FROM=papers@example.org PAPERBOY_BASE_URL=https://papers.example.org paperboy digest --since 1d': {
    runAs: (w) =>
      `PAPERBOY_HOME=${w.library} PAPERBOY_SMTP_URL=${w.smtp.url} PAPERBOY_MAIL_FROM=papers@example.org PAPERBOY_BASE_URL=https://papers.example.org paperboy digest --since 1d`,
    why: 'the library and the mail server are the test’s own',
  },
};

// ---------------------------------------------------------------- running

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const COMMANDS = readmeCommands(README);

let world: World;
let server: ReturnType<typeof spawn> | undefined;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function spawnShell(command: string, env: NodeJS.ProcessEnv) {
  // Its own process group, so that a server and the shell around it stop together.
  return spawn('sh', ['-c', command], { cwd: ROOT, env, stdio: 'pipe', detached: true });
}

/** A simple command (with leading VAR=value) as the shell's own process, so its exit code is the command's. */
const execForm = (command: string) => `exec env ${command}`;

function collect(child: ReturnType<typeof spawn>): { out: () => Run; done: Promise<Run> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { out: () => ({ code: null, stdout, stderr }), done };
}

async function until(what: string, ok: () => boolean, output: () => Run): Promise<void> {
  for (let waited = 0; !ok(); waited += 100) {
    if (waited > 120_000) throw new Error(`timed out waiting for ${what}:\n${output().stdout}\n${output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs a long-running command until `check` passes, then stops it with SIGINT, as Ctrl-C would. */
async function runLong(command: string, kind: 'server' | 'schedule', check: (r: Run) => void | Promise<void>): Promise<Run> {
  const child = spawnShell(execForm(command), world.env);
  const { out, done } = collect(child);
  let exited = false;
  void done.then(() => (exited = true));
  const ready = kind === 'server' ? () => /serving .* at http/.test(out().stdout) : () => /papers in the library/.test(out().stderr);
  await until(command, () => ready() || exited, out);
  expect(exited, `${command} exited early:\n${out().stderr}`).toBe(false);
  try {
    await check(out());
  } finally {
    process.kill(-child.pid!, 'SIGINT');
  }
  return done;
}

async function startServer(w: World): Promise<void> {
  server = spawnShell(execForm(`paperboy serve --port ${w.port}`), w.env);
  const { out } = collect(server);
  await until('the server', () => /serving .* at http/.test(out().stdout), out);
}

async function stopServer(): Promise<void> {
  if (!server) return;
  const closed = new Promise((resolve) => server!.on('close', resolve));
  process.kill(-server.pid!, 'SIGINT');
  await closed;
  server = undefined;
}

/** The newest file under src/ (not a test), to tell whether dist/ was built from it. */
function newestSource(dir: string): { file: string; mtime: number } {
  let newest = { file: '', mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(full)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !full.includes(`${path.sep}test-support${path.sep}`)
        ? { file: full, mtime: statSync(full).mtimeMs }
        : newest;
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

beforeAll(async () => {
  const built = path.join(ROOT, 'dist', 'cli', 'paperboy.js');
  const source = newestSource(path.join(ROOT, 'src'));
  if (!existsSync(built) || statSync(built).mtimeMs < source.mtime) {
    throw new Error(`dist/ is older than ${path.relative(ROOT, source.file)}: run npm run build (the README's commands run the built CLI)`);
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'paperboy-readme-'));
  const bin = path.join(home, '.bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'paperboy'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'paperboy.js')}" "$@"\n`);
  chmodSync(path.join(bin, 'paperboy'), 0o755);
  mkdirSync(path.join(home, 'papers'));
  const sources = await startRecordedServer((req) => {
    if (req.path === '/api/query') {
      const page = `arxiv-api-start${req.query.get('start')}.xml`;
      return { body: existsSync(new URL(`./sync/fixtures/${page}`, import.meta.url)) ? syncFixture(page) : syncFixture('arxiv-api-empty.xml') };
    }
    if (req.path === '/oai2') return { body: syncFixture(req.query.get('resumptionToken') ? 'oai-page2.xml' : 'oai-page1.xml') };
    if (req.path === '/api/daily_papers') {
      const date = req.query.get('date');
      return date === '2026-11-20' || date === '2026-11-21' ? { body: syncFixture(`hf-daily-${date}.json`) } : { body: '[]' };
    }
    if (req.path === '/rss/cs.CL') return { body: syncFixture('feed-cs-cl.xml'), headers: { 'content-type': 'application/rss+xml' } };
    return { status: 404 };
  });
  const smtp = await startSmtpSink();
  const library = path.join(home, 'library');
  const env = cliEnv({
    HOME: home,
    PAPERBOY_HOME: library,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    PAPERBOY_SMTP_URL: smtp.url,
    PAPERBOY_MAIL_FROM: 'papers@example.org',
    PAPERBOY_BASE_URL: 'https://papers.example.org',
  });
  world = {
    sources,
    embeddings: await serveEmbeddings(),
    // A model that cites the first evidence sentence it is shown, or says the evidence is not enough.
    llm: await serveChat(
      modelReply((req) => {
        const prompt = req.body.messages.map((m) => m.content).join('\n');
        const first = /<evidence id="(E\d+)"[^>]*>([^<]*)<\/evidence>/.exec(prompt);
        return JSON.stringify(first ? { statements: [{ text: first[2]!.trim(), cite: [first[1]] }], insufficient: false } : { statements: [], insufficient: true });
      }),
    ),
    smtp,
    home,
    library,
    env,
    port: await freePort(),
    run: (command, input) => {
      const child = spawnShell(command, world.env);
      // A command that reads no input may exit before taking it.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input ?? '');
      return collect(child).done;
    },
  };
});

afterAll(async () => {
  await stopServer();
  if (!world) return;
  await Promise.all([world.sources.close(), world.embeddings.close(), world.llm.close(), world.smtp.close()]);
  rmSync(world.home, { recursive: true, force: true });
});

describe('README.md', () => {
  it('has commands, and a rule only for commands it still has', () => {
    expect(COMMANDS.length).toBeGreaterThan(30);
    const texts = new Set(COMMANDS.map((c) => c.text));
    expect(Object.keys(RULES).filter((text) => !texts.has(text))).toEqual([]);
    for (const [text, rule] of Object.entries(RULES)) {
      if (rule.runAs) expect(rule.why, `${text}: say why it runs otherwise`).toBeTruthy();
    }
  });

  for (const command of COMMANDS) {
    const rule = RULES[command.text] ?? {};
    const title = `line ${command.line}: ${command.text}${rule.notRun ? ` (not run: ${rule.notRun})` : ''}`;
    it.skipIf(rule.notRun !== undefined)(title, async () => {
      await rule.before?.(world);
      const text = rule.runAs ? rule.runAs(world) : command.text;
      const result = rule.longRunning
        ? await runLong(text, rule.longRunning, (r) => rule.check?.(r, world))
        : await world.run(text, rule.input);
      const context = `${text}\nexit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      expect(result.code, context).toBe(rule.exit ?? 0);
      if (!rule.longRunning) await rule.check?.(result, world);
    });
  }
});
