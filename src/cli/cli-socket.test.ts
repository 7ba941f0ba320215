/**
 * search, related and ask through a running `paperboy serve` (a real server on 127.0.0.1:0, real
 * processes): the same output as answering in-process, SQLite never loaded by the CLI then, and
 * the CLI answering by itself when the server is gone or told not to use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_LOADED } from './test-support/report-sqlite-loaded.js';
import { CLI_ENTRY, cliEnv, runCli } from './test-support/run-cli.js';

let dir: string;
let lib: string;
const fixtures = fileURLToPath(new URL('../sources/fixtures/', import.meta.url));
const reportSqlite = fileURLToPath(new URL('./test-support/report-sqlite-loaded.ts', import.meta.url));
const cli = (...args: string[]) => runCli(['--data', lib, ...args], { preload: [reportSqlite] });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-cli-socket-'));
  lib = path.join(dir, 'lib');
  await cli('ingest', ...readdirSync(fixtures).filter((f) => !f.startsWith('.')).map((f) => path.join(fixtures, f)));
  const embed = await cli('embed');
  if (embed.code !== 0) throw new Error(embed.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `paperboy serve --port 0` on the library, once it has recorded itself for the CLI; resolves to its URL. */
async function startServer(): Promise<{ child: ChildProcess; url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--data', lib, 'serve', '--port', '0'], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  while (!existsSync(path.join(lib, 'server.json'))) await new Promise((r) => setTimeout(r, 50));
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { child, url, stop };
}

describe('the CLI through a running server', () => {
  it('answers search, related and ask as in-process, without opening the library itself', async () => {
    const server = await startServer();
    try {
      const search = ['search', 'language', 'models', '--json', '--limit', '5'];
      const viaServer = await cli(...search);
      const inProcess = await cli('--no-server', ...search);
      expect(viaServer.code, viaServer.stderr).toBe(0);
      expect(inProcess.code, inProcess.stderr).toBe(0);
      expect(viaServer.stderr).not.toContain(SQLITE_LOADED);
      expect(inProcess.stderr).toContain(SQLITE_LOADED);
      const hits = (JSON.parse(viaServer.stdout) as { mode: string; hits: { id: string }[] });
      expect(hits.mode).toBe('hybrid');
      expect(hits.hits.length).toBeGreaterThan(0);
      expect(viaServer.stdout).toBe(inProcess.stdout);

      for (const args of [['related', hits.hits[0]!.id, '--limit', '3'], ['ask', 'what', 'do', 'language', 'models', 'learn', '--json'], ['search', 'language']]) {
        const [a, b] = [await cli(...args), await cli(...args, '--no-server')];
        expect(a.stderr, args.join(' ')).not.toContain(SQLITE_LOADED);
        expect(b.stderr).toContain(SQLITE_LOADED);
        expect({ code: a.code, stdout: a.stdout }).toEqual({ code: b.code, stdout: b.stdout });
      }

      // Errors come back with their exit code, as in-process.
      const unknown = await cli('related', 'no-such-paper');
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('no paper with id "no-such-paper"');
      expect(unknown.stderr).not.toContain(SQLITE_LOADED);

      // Feed URLs name the address the server bound, not serve's default port.
      expect((await runCli(['--data', lib, 'user', 'add', 'ada', '--password-stdin'], { input: 'a long enough password\n' })).code).toBe(0);
      expect((await cli('subscribe', '--user', 'ada', 'search', 'language')).code).toBe(0);
      const subs = await cli('subscriptions');
      expect(subs.stdout).toContain(`${server.url}/feeds/`);
      expect(subs.stderr).toContain(`feed URLs use ${server.url}`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // Gone with the server: the CLI answers by itself.
    expect(existsSync(path.join(lib, 'server.json'))).toBe(false);
    const after = await cli('search', 'language');
    expect(after.code).toBe(0);
    expect(after.stderr).toContain(SQLITE_LOADED);
  });

  it('answers by itself when the recorded server is dead', async () => {
    // A server killed without cleaning up: its pid no longer runs (a child that has exited).
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(path.join(lib, 'server.json'), JSON.stringify({ version: 1, pid: dead.pid, url: 'http://127.0.0.1:1', socket: path.join(lib, 'cli.sock') }));
    const r = await cli('search', 'language', '--limit', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' 1. ');
    expect(r.stderr).toContain(SQLITE_LOADED);
  });
});
