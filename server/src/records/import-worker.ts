/** The worker thread that checks a file (see parallel.ts): chunks of COPY text out, an ack back for each. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type ProcessJob, type WorkerMessage } from './parallel.js';
import { FileFormatError } from './reader.js';
import type { CopyText } from './processor.js';
import type { RollupDeltas } from '../analysis/rollup-sums.js';

const port = parentPort!;
/** Bytes of COPY text sent and not yet acknowledged, at most: the sink's room (CopyStream in copy-transaction.ts). */
const MAX_IN_FLIGHT = (workerData as ProcessJob).inFlightBytes ?? 1024 * 1024;
/** Sizes of the chunks in flight, oldest first (acknowledged in order). */
const inFlight: number[] = [];
let inFlightBytes = 0;
let release: (() => void) | null = null;
port.on('message', () => {
  inFlightBytes -= inFlight.shift() ?? 0;
  release?.();
  release = null;
});

const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
const utf8 = new TextEncoder();

const sink = {
  async write(text: CopyText) {
    // Encoded here and handed over, not copied: a string posted to the main thread is copied
    // twice (out of this heap, into that one), then encoded there for the database anyway.
    const bytes = typeof text === 'string' ? utf8.encode(text) : text;
    while (inFlight.length > 0 && inFlightBytes + bytes.length > MAX_IN_FLIGHT) await new Promise<void>((r) => (release = r));
    inFlight.push(bytes.length);
    inFlightBytes += bytes.length;
    post({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
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
  (report) => post({ type: 'done', report, seen, rollups }, [seen.buffer as ArrayBuffer]),
  (err: unknown) => post({ type: 'error', message: (err as Error).message, format: err instanceof FileFormatError }),
);
