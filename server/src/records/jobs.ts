/**
 * Files being checked right now, in this process: their progress for the server-sent
 * events of the web app, and a way to cancel them. A batch outlives its job in the
 * database; a job is only the work in flight.
 */
import { EventEmitter } from 'node:events';
import type { Progress } from './processor.js';

export interface Job {
  progress: Progress;
  events: EventEmitter;
  abort: AbortController;
  done: Promise<void>;
}

const jobs = new Map<string, Job>();

export function startJob(batchId: string, work: (job: Job) => Promise<void>): Job {
  const job: Job = {
    progress: { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, fraction: 0 },
    events: new EventEmitter(),
    abort: new AbortController(),
    done: Promise.resolve(),
  };
  job.events.setMaxListeners(100);
  jobs.set(batchId, job);
  job.done = work(job).finally(() => {
    jobs.delete(batchId);
    job.events.emit('done');
  });
  return job;
}

export const runningJob = (batchId: string) => jobs.get(batchId);

export function reportProgress(job: Job, p: Progress): void {
  job.progress = p;
  job.events.emit('progress', p);
}

/** For graceful shutdown: wait for the jobs in flight (they finish or fail on their own). */
export async function settleJobs(): Promise<void> {
  await Promise.allSettled([...jobs.values()].map((j) => j.done));
}
