/**
 * Worker-thread entry of embed-pool.ts: a StaticModel over the main thread's shared idf and
 * vectors (no copy; its own token memo and scratch), claiming and embedding chunks of each
 * call's texts into the call's shared output.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StaticModel } from './static-model.js';
import { claimAndEmbed, type EmbedReply, type EmbedRequest, type WorkerModel } from './embed-pool.js';

const { terms, idf, vectors, dimensions } = workerData as WorkerModel;
const model = new StaticModel(terms === '' ? [] : terms.split('\n'), idf, vectors, dimensions);
const port = parentPort!;

port.on('message', ({ id, job }: EmbedRequest) => {
  let reply: EmbedReply;
  try {
    claimAndEmbed(model, job);
    reply = { id };
  } catch (err) {
    reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
