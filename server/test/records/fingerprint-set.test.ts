/** The fingerprint sets of duplicate detection: exact membership, growth, and one table shared by the checking threads. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/records/fingerprint-set.js';

/** 53-bit integers, as fingerprints are, from a fixed seed. */
function fingerprints(n: number, seed: number): number[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  return Array.from({ length: n }, () => (next() & 0x1fffff) * 4294967296 + next());
}

/** A shared set of `members`, made at `capacity`, shared and read back: in shared memory, holding exactly them. */
function sharedSetOf(members: number[], capacity: number) {
  const set = new FingerprintSet(capacity, true);
  for (const fp of members) set.add(fp);
  const shared = set.share();
  expect(shared.table.buffer).toBeInstanceOf(SharedArrayBuffer);
  const reading = FingerprintSet.reading(shared);
  expect(reading.size).toBe(members.length);
  expect(members.every((fp) => reading.has(fp))).toBe(true);
  return { shared, reading };
}

describe('a fingerprint set', () => {
  it('holds exactly what was added, zero included, through its growth', () => {
    const members = [0, ...fingerprints(50_000, 1)];
    const s = new FingerprintSet(16);
    for (const fp of members) expect(s.add(fp)).toBe(true);
    for (const fp of members.slice(0, 100)) expect(s.add(fp)).toBe(false);
    expect(s.size).toBe(members.length);
    for (const fp of members) expect(s.has(fp)).toBe(true);
    const known = new Set(members);
    for (const fp of fingerprints(5_000, 2)) expect(s.has(fp)).toBe(known.has(fp));
    expect([...s.values()].sort((a, b) => a - b)).toEqual([...members].sort((a, b) => a - b));
  });

  it('is read by other threads from one shared table, not from copies', async () => {
    const members = [0, ...fingerprints(20_000, 3)];
    const { shared, reading } = sharedSetOf(members, members.length);
    const others = fingerprints(2_000, 4);

    // Another thread reaches the very same memory through workerData: what it writes, this one reads.
    const last = shared.table.length - 1;
    const before = shared.table[last];
    const seen = await new Promise<{ shared: boolean; length: number }>((resolve, reject) => {
      const code = `
        const { parentPort, workerData } = require('node:worker_threads');
        workerData.table[workerData.table.length - 1] = 42.5;
        parentPort.postMessage({ shared: workerData.table.buffer instanceof SharedArrayBuffer, length: workerData.table.length });
      `;
      const worker = new Worker(code, { eval: true, workerData: shared });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(seen).toEqual({ shared: true, length: shared.table.length });
    expect(shared.table[last]).toBe(42.5);
    shared.table[last] = before!;
    const known = new Set(members);
    expect(others.filter((fp) => reading.has(fp))).toEqual(others.filter((fp) => known.has(fp)));
  });

  it('stays in shared memory through its growth, and only a shared set can be shared', () => {
    sharedSetOf(fingerprints(30_000, 5), 16);
    expect(() => new FingerprintSet().share()).toThrow(/shared/);
  });
});
