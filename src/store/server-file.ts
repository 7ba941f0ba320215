/**
 * The record a running `paperboy serve` leaves in its data directory: its pid, the address it
 * bound, and a Unix socket on which it answers the CLI's read commands over its warm indexes.
 * The socket and the record are the user's alone (mode 0600): whoever can connect can read the
 * library, as whoever can open its files can. Imports nothing heavy: the CLI reads it before
 * loading anything else.
 */
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SERVER_FILE = 'server.json';
const SOCKET_FILE = 'cli.sock';
const SERVER_FILE_VERSION = 1;

export interface ServerRecord {
  pid: number;
  /** The address the server bound, e.g. http://127.0.0.1:45123 (no trailing slash). */
  url: string;
  /** Where it answers CLI commands; absent when it could not listen there (a path too long). */
  socket?: string;
}

/** The socket path a server of `dataDir` listens on for CLI commands, cleared of one a dead server left. */
export function freshSocketPath(dataDir: string): string {
  const socket = path.join(dataDir, SOCKET_FILE);
  rmSync(socket, { force: true });
  return socket;
}

/** Records the running server (atomically: a reader sees the old record or the new one). */
export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  const file = path.join(dataDir, SERVER_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ version: SERVER_FILE_VERSION, ...record })}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Forgets the server `pid` recorded (and its socket), unless another has taken its place. */
export function removeServerRecord(dataDir: string, pid: number): void {
  if (readServerRecord(dataDir)?.pid !== pid) return;
  rmSync(path.join(dataDir, SERVER_FILE), { force: true });
  rmSync(path.join(dataDir, SOCKET_FILE), { force: true });
}

/** Makes a socket file the user's alone. */
export const restrictSocket = (socket: string): void => chmodSync(socket, 0o600);

/**
 * The server recorded for `dataDir` when its process is still alive, else undefined (no record, a
 * damaged or foreign one, a server that died without removing it).
 */
export function readServerRecord(dataDir: string): ServerRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dataDir, SERVER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const r = raw as Partial<ServerRecord> & { version?: unknown };
  if (r.version !== SERVER_FILE_VERSION || !Number.isInteger(r.pid) || typeof r.url !== 'string') return undefined;
  if (r.socket !== undefined && typeof r.socket !== 'string') return undefined;
  try {
    process.kill(r.pid!, 0);
  } catch {
    // ESRCH: gone. EPERM: alive, but another user's, so not a server this user may talk to.
    return undefined;
  }
  return { pid: r.pid!, url: r.url, ...(r.socket ? { socket: r.socket } : {}) };
}
