/**
 * Worker threads that embed with a StaticModel alongside the main thread. The model's big arrays
 * (idf, vectors) live in shared memory, so each worker reads them in place; it is sent only the
 * vocabulary, once.
 *
 * A call shares out its texts dynamically: every thread (this one and each worker) claims the
 * next chunk of texts from a shared atomic counter until none is left, and writes their vectors
 * into one shared output array. So a busy core, or a worker still starting up, just does fewer
 * chunks; no thread waits on another for more than one chunk. Each text is embedded by the same
 * code whichever thread claims it, so the vectors are those of `model.embed`, bit for bit.
 *
 * Workers are unref'd while idle (they never keep the process alive) and ref'd while a call is
 * in flight (an awaited embed keeps the process alive until it settles).
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../core/start-worker.js';
import { type StaticModel, toShared } from './static-model.js';

/** What a worker is started with (workerData). */
export interface WorkerModel {
  /** Vocabulary joined by "\n" (one string clones much faster than an array of them). */
  terms: string;
  idf: Float32Array;
  vectors: Float32Array;
  dimensions: number;
}

/** One call's work, shared by every thread; see `claimAndEmbed`. */
export interface EmbedJob {
  texts: readonly string[];
  /** Texts claimed per step. */
  chunk: number;
  /** next[0]: index of the first unclaimed text (shared). */
  next: Int32Array;
  /** Text i's vector goes to [i × dimensions, (i + 1) × dimensions) (shared, zeroed). */
  output: Float32Array;
}

export interface EmbedRequest {
  id: number;
  job: EmbedJob;
}

export type EmbedReply = { id: number } | { id: number; error: string };

/** Claims chunks of `job` and embeds them until none is left; the number of texts this thread did. */
export function claimAndEmbed(model: StaticModel, job: EmbedJob): number {
  const { texts, chunk, next, output } = job;
  const dim = model.dimensions;
  let done = 0;
  for (let from = Atomics.add(next, 0, chunk); from < texts.length; from = Atomics.add(next, 0, chunk)) {
    const to = Math.min(texts.length, from + chunk);
    model.embedInto(texts.slice(from, to), output.subarray(from * dim, to * dim));
    done += to - from;
  }
  return done;
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Texts per claim: small enough that no thread waits long for another's last chunk, large enough
 * that claiming costs nothing (an abstract takes ~0.1 ms).
 */
const CHUNK = 32;

class EmbedWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(data: WorkerModel, onFailure: () => void) {
    this.worker = startWorker(import.meta.url, 'embed-worker', data);
    this.worker.unref();
    this.worker.on('message', (reply: EmbedReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.settled(reply.id);
      if ('error' in reply) p.reject(new Error(`embedding worker failed: ${reply.error}`));
      else p.resolve();
    });
    const fail = (err: Error) => {
      if (this.failure) return;
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker.unref();
      onFailure();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the embedding worker stopped (exit code ${code})`)));
  }

  /** Settles once the worker has claimed its last chunk of `job` and embedded it. */
  run(job: EmbedJob): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job } satisfies EmbedRequest);
    });
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  async terminate(): Promise<void> {
    if (!this.failure) {
      const closed = new Error('the embedding worker was closed');
      for (const p of this.pending.values()) p.reject(closed);
      this.pending.clear();
      this.failure = closed;
    }
    await this.worker.terminate();
  }
}

export class EmbedPool {
  private readonly workers: EmbedWorker[];

  /** Starts `size` workers over `model` (copying its arrays into shared memory if they are not already). */
  constructor(
    private readonly model: StaticModel,
    size: number,
    onFailure: () => void,
  ) {
    const data: WorkerModel = { terms: model.terms.join('\n'), idf: toShared(model.idf), vectors: toShared(model.vectors), dimensions: model.dimensions };
    this.workers = Array.from({ length: size }, () => new EmbedWorker(data, onFailure));
  }

  /** The vectors of `model.embed(texts)`, bit for bit, embedded by this thread and the workers together. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const dim = this.model.dimensions;
    const job: EmbedJob = {
      texts,
      chunk: CHUNK,
      next: new Int32Array(new SharedArrayBuffer(4)),
      output: new Float32Array(new SharedArrayBuffer(4 * texts.length * dim)),
    };
    const others = Promise.all(this.workers.map((w) => w.run(job)));
    others.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    claimAndEmbed(this.model, job);
    await others;
    const { output } = job;
    // Each vector in its own (unshared) buffer, as model.embed returns them.
    return Array.from({ length: texts.length }, (_, i) => output.slice(i * dim, (i + 1) * dim));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
