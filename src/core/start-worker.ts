import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` beside the caller (`import.meta.url`): its compiled
 * .js, or its .ts source when paperboy runs from the sources (tests, benchmarks), in which case
 * the worker registers the same loader (tsx) first.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const entry = new URL(callerUrl.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, callerUrl);
  return entry.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, workerData })
    : new Worker(entry, { workerData });
}
