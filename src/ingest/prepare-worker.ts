/** Worker-thread entry of record-stream.ts: reads and prepares one input, a few batches ahead. */
import { parentPort, workerData } from 'node:worker_threads';
import { isPaperboyError } from '../core/errors.js';
import { prepareInThread, toWire, type StreamOptions, type WireEvent } from './record-stream.js';

const { input, readAhead, ...options } = workerData as StreamOptions & { input: string; readAhead: number };
const port = parentPort!;
let credits = readAhead;
let resume: (() => void) | undefined;
port.on('message', () => {
  credits++;
  resume?.();
});
const send = (e: WireEvent) => port.postMessage(e);

try {
  for await (const e of prepareInThread(input, options)) {
    if (e.kind === 'start') send(e);
    else {
      while (credits === 0) await new Promise<void>((r) => (resume = r));
      credits--;
      send({ kind: 'batch', records: e.records.map(toWire), skipped: e.skipped });
    }
  }
  send({ kind: 'end' });
} catch (err) {
  // No stack: the main thread reports a reading failure as the input's, in one line.
  send(isPaperboyError(err) ? { kind: 'error', code: err.code, message: err.message } : { kind: 'error', message: err instanceof Error ? err.message : String(err) });
}
port.close();
