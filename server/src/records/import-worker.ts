/** The worker thread that checks a file (see parallel.ts): chunks of COPY text out, an ack back for each. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type ProcessJob, type WorkerMessage } from './parallel.js';
import { FileFormatError } from './reader.js';
import type { RollupDeltas } from '../analysis/rollup-sums.js';

const port = parentPort!;
/** Characters of COPY text sent and not yet acknowledged, at most: the sink's room (CopyStream in copy-transaction.ts). */
const MAX_IN_FLIGHT_CHARS = (workerData as ProcessJob).inFlightChars ?? 1024 * 1024;
/** Sizes of the chunks in flight, oldest first (acknowledged in order). */
const inFlight: number[] = [];
let inFlightChars = 0;
let release: (() => void) | null = null;
port.on('message', () => {
  inFlightChars -= inFlight.shift() ?? 0;
  release?.();
  release = null;
});

const post = (m: WorkerMessage) => port.postMessage(m);

const sink = {
  async write(text: string) {
    while (inFlight.length > 0 && inFlightChars + text.length > MAX_IN_FLIGHT_CHARS) await new Promise<void>((r) => (release = r));
    inFlight.push(text.length);
    inFlightChars += text.length;
    post({ type: 'chunk', text });
  },
  async close() {
    while (inFlight.length > 0) await new Promise<void>((r) => (release = r));
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
