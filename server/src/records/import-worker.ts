/** The worker thread that checks a file (see parallel.ts): chunks of COPY text out, an ack back for each. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type ProcessJob, type WorkerMessage } from './parallel.js';
import { FileFormatError } from './reader.js';
import type { RollupDeltas } from '../analysis/rollup-deltas.js';

const port = parentPort!;
const MAX_IN_FLIGHT = 3;
let inFlight = 0;
let release: (() => void) | null = null;
port.on('message', () => {
  inFlight--;
  release?.();
  release = null;
});

const post = (m: WorkerMessage) => port.postMessage(m);

const sink = {
  async write(text: string) {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (release = r));
    inFlight++;
    post({ type: 'chunk', text });
  },
  async close() {
    while (inFlight > 0) await new Promise<void>((r) => (release = r));
  },
};
let seen: Float64Array = new Float64Array();
let rollups: RollupDeltas | null = null;
runJob(workerData as ProcessJob, sink, {
  onProgress: (progress) => post({ type: 'progress', progress }),
  onSeen: (fps) => (seen = fps),
  onRollups: (d) => (rollups = d),
}).then(
  (report) => port.postMessage({ type: 'done', report, seen, rollups } satisfies WorkerMessage, [seen.buffer as ArrayBuffer]),
  (err: unknown) => post({ type: 'error', message: (err as Error).message, format: err instanceof FileFormatError }),
);
