/**
 * Builds the library's topic model in a worker thread: minutes of clustering on a large library,
 * which on the server's own thread would stop it answering anything. The worker opens the library
 * itself and saves the model as the store's artifact; the server then loads it from there.
 */
import type { Config } from '../core/config.js';
import { PaperboyError, type ErrorCode } from '../core/errors.js';
import { startWorker } from '../core/start-worker.js';

/** What the worker answers once done. */
export type BuildReply = { ok: true } | { ok: false; code?: ErrorCode; message: string };

export interface TopicBuild {
  /** Settles once the model is built and saved (rejects with the build's error). */
  readonly done: Promise<void>;
  /** Whether `done` has settled. */
  readonly settled: boolean;
  /** Stops the build: nothing is saved. */
  stop(): Promise<void>;
}

export function buildTopicsInThread(config: Config): TopicBuild {
  const worker = startWorker(import.meta.url, 'topic-build-worker', { config });
  let settled = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: BuildReply) => {
      if (reply.ok) resolve();
      else reject(reply.code ? new PaperboyError(reply.code, reply.message) : new Error(`building the topics failed: ${reply.message}`));
    });
    worker.once('error', reject);
    // Without a reply first, the worker crashed or was stopped.
    worker.once('exit', (code) => reject(new Error(`the topics worker stopped (exit code ${code})`)));
  }).finally(() => (settled = true));
  // Settled when taken (Library.topics); never an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return {
    done,
    get settled() {
      return settled;
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}
