/**
 * Worker-thread entry of topic-build-thread.ts: brings the library's topic model up to the store
 * (building it) on a store connection of its own, and saves it there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../core/config.js';
import { isPaperboyError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import { refreshTopicModel } from './topic-cache.js';
import type { BuildReply } from './topic-build-thread.js';

const { config } = workerData as { config: Config };
const send = (reply: BuildReply) => parentPort!.postMessage(reply);
const store = openStore(config);
try {
  await refreshTopicModel(store);
  send({ ok: true });
} catch (err) {
  send(isPaperboyError(err) ? { ok: false, code: err.code, message: err.message } : { ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await store.close();
}
