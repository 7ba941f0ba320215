/**
 * `paperboy search|related|ask` through a running `paperboy serve` on the same library, when
 * there is one: the server has its indexes loaded, so the answer comes without loading them (or
 * zod, commander and SQLite) in this process. Any failure before a reply (no server, a stale
 * record, a refused or broken connection) falls back to answering here: this module only saves
 * time, it never decides the answer. See cli-socket-server.ts for the other side.
 */
import net from 'node:net';
import path from 'node:path';
import { defaultDataDir } from '../core/data-dir.js';
import { readServerRecord } from '../store/server-file.js';
import { readCommandLine, servable } from './command-line.js';

export interface CliRequest {
  /** As process.argv (node, script, then the arguments). */
  argv: string[];
  /** The library's data directory, resolved by the caller. */
  dataDir: string;
  /** The caller's PAPERBOY_* settings (an LLM, today's date). */
  env: Record<string, string>;
  /** Whether the caller's stdout is a terminal (search marks the query's words there). */
  tty: boolean;
}

export interface CliReply {
  stdout: string;
  stderr: string;
  code: number;
}

/** Waiting longer than this to connect means the server is stuck: answer here instead. */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * Runs the command line through the library's server; returns its exit code after printing its
 * output, or undefined (nothing printed) when this process must answer itself.
 */
export async function answerThroughServer(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (!servable(argv, env)) return undefined;
  const dataDir = path.resolve(readCommandLine(argv).data ?? defaultDataDir(env));
  const socket = readServerRecord(dataDir)?.socket;
  if (!socket) return undefined;
  const request: CliRequest = {
    argv,
    dataDir,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('PAPERBOY_') && e[1] !== undefined)),
    tty: process.stdout.isTTY === true,
  };
  const reply = await exchange(socket, request).catch(() => undefined);
  if (!reply) return undefined;
  process.stderr.write(reply.stderr);
  process.stdout.write(reply.stdout);
  return reply.code;
}

/** Sends one request and reads its reply (the server closes the connection after it). */
function exchange(socket: string, request: CliRequest): Promise<CliReply> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => conn.destroy(new Error('the server does not answer')), CONNECT_TIMEOUT_MS);
    conn.on('connect', () => {
      clearTimeout(timer);
      conn.end(`${JSON.stringify(request)}\n`);
    });
    conn.on('data', (chunk: Buffer) => chunks.push(chunk));
    conn.on('error', reject);
    conn.on('close', () => {
      try {
        const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CliReply;
        if (typeof reply.stdout !== 'string' || typeof reply.stderr !== 'string' || !Number.isInteger(reply.code) || reply.code < 0) throw new Error('no reply');
        resolve(reply);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}
