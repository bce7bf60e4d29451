/**
 * How many worker threads check one file: the cores left once the database has its own,
 * at most two, and an operator's setting above all.
 */
import { describe, expect, it } from 'vitest';
import { checkingThreads } from '../../src/records/parallel.js';

const server = { onMainThread: false };
const embedded = { onMainThread: true };

describe('checkingThreads', () => {
  it('uses a worker per core, at most two, when the database loads elsewhere', () => {
    expect(checkingThreads(server, {}, 1)).toBe(1);
    expect(checkingThreads(server, {}, 2)).toBe(2);
    expect(checkingThreads(server, {}, 8)).toBe(2);
    expect(checkingThreads({}, {}, 2)).toBe(2);
  });

  it('leaves the main thread its core when the embedded database loads there', () => {
    expect(checkingThreads(embedded, {}, 1)).toBe(1);
    expect(checkingThreads(embedded, {}, 2)).toBe(1);
    expect(checkingThreads(embedded, {}, 3)).toBe(2);
    expect(checkingThreads(embedded, {}, 16)).toBe(2);
  });

  it('takes OBSERVATORY_IMPORT_THREADS over both, and refuses a value that is not a count', () => {
    expect(checkingThreads(embedded, { OBSERVATORY_IMPORT_THREADS: '2' }, 2)).toBe(2);
    expect(checkingThreads(server, { OBSERVATORY_IMPORT_THREADS: '1' }, 8)).toBe(1);
    expect(checkingThreads(server, { OBSERVATORY_IMPORT_THREADS: '' }, 8)).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two', '17'])
      expect(() => checkingThreads(server, { OBSERVATORY_IMPORT_THREADS: bad }, 2)).toThrow(
        `OBSERVATORY_IMPORT_THREADS must be a whole number from 1 to 16, not "${bad}"`,
      );
  });
});
