/**
 * The server's side of cli-socket-client.ts: `paperboy serve` answers the CLI's read commands on
 * a Unix socket in the data directory, open to its user only (mode 0600). Each request runs the
 * command exactly as the CLI would (main's runProgram: same code, flags and PAPERBOY_* settings of
 * the caller) over the server's own Library, so the output is the same as in-process.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import type { Library } from '../library/library.js';
import { freshSocketPath, restrictSocket } from '../store/server-file.js';
import type { CliReply, CliRequest } from './cli-socket-client.js';
import { servable } from './command-line.js';
import { runProgram } from './main.js';

/** A request larger than this is no CLI's: refused. */
const MAX_REQUEST_BYTES = 1 << 20;

/** A stream that keeps what is written, for the reply. */
class Collected extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs one request over `library`; a command the server does not answer gets code -1 (the CLI answers it). */
async function answerCliRequest(library: Library, request: CliRequest): Promise<CliReply> {
  const wellFormed =
    Array.isArray(request.argv) && request.argv.every((a) => typeof a === 'string') && typeof request.env === 'object' && request.env !== null && Object.values(request.env).every((v) => typeof v === 'string');
  if (!wellFormed || request.dataDir !== library.config.dataDir || !servable(request.argv, request.env)) return { stdout: '', stderr: '', code: -1 };
  const out = new Collected(request.tty);
  const err = new Collected(false);
  const code = await runProgram(request.argv, { out, err: err as unknown as NodeJS.WriteStream, env: request.env, dataDir: request.dataDir, library });
  return { stdout: out.text, stderr: err.text, code };
}

/**
 * Listens for the CLI on the library's socket; resolves to the socket's path, or undefined when it
 * cannot listen there (a data directory whose path is too long for a socket): the CLI then answers
 * by itself, as without a server.
 */
export async function listenForCli(library: Library, onError: (err: Error) => void): Promise<{ socket: string; close: () => Promise<void> } | undefined> {
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    const chunks: Buffer[] = [];
    let size = 0;
    conn.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) conn.destroy();
      else chunks.push(chunk);
    });
    conn.on('error', () => undefined);
    conn.on('end', () => {
      (async () => {
        const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CliRequest;
        if (typeof request !== 'object' || request === null) throw new Error('not a CLI request');
        conn.end(JSON.stringify(await answerCliRequest(library, request)));
      })().catch((err: unknown) => {
        onError(err instanceof Error ? err : new Error(String(err)));
        conn.destroy();
      });
    });
  });
  const socket = freshSocketPath(library.config.dataDir);
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(socket, () => resolve(true));
  });
  if (!listening) return undefined;
  restrictSocket(socket);
  return { socket, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
