import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, cliEnv, runCli } from './test-support/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-cli-accounts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paperboy user add / token create / serve', () => {
  it('adds users from --password-stdin, refuses duplicates and weak passwords, and creates tokens', async () => {
    const added = await runCli(['--data', dir, 'user', 'add', 'ada', '--admin', '--password-stdin'], { input: 'correct horse battery\n' });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('added user ada (admin)\n');
    const again = await runCli(['--data', dir, 'user', 'add', 'ADA', '--password-stdin'], { input: 'another password\n' });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    const weak = await runCli(['--data', dir, 'user', 'add', 'bob', '--password-stdin'], { input: 'short\n' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 8 characters/);
    const noTty = await runCli(['--data', dir, 'user', 'add', 'bob']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/--password-stdin/);
    const token = await runCli(['--data', dir, 'token', 'create', '--user', 'ada', '--name', 'laptop']);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^pb_[A-Za-z0-9_-]{43}\n$/);
    expect(token.stderr).toMatch(/not shown again/);
    const nobody = await runCli(['--data', dir, 'token', 'create', '--user', 'zed']);
    expect(nobody.code).toBe(3);
  });

  it('serves, prints its URL, answers, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--data', dir, 'serve', '--port', '0'], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = stdout.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const res = await fetch(`${url}api/auth/me`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/stopping/);
  });
});
