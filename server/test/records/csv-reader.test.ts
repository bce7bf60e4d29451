/** The CSV reader's flow: rows come a chunk at a time, and the file is read only as fast as they are taken. */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { papaChunks } from '../../src/records/reader.js';

/** A CSV stream of `pieces` pieces of 1,000 rows, counting the pieces it has been asked for. */
function countedInput(pieces: number) {
  const input = { pulled: 0, stream: null as unknown as Readable };
  let row = 0;
  input.stream = new Readable({
    read() {
      if (input.pulled === pieces) return void this.push(null);
      input.pulled++;
      let text = '';
      for (let i = 0; i < 1000; i++, row++) text += `${row},Zürich,${'x'.repeat(40)}\n`;
      this.push(text);
    },
  });
  input.stream.setEncoding('utf8');
  return input;
}

describe('CSV reader', () => {
  it('reads no further ahead than the rows being taken, then reads the rest', async () => {
    const input = countedInput(200); // about 11 MB
    const chunks = papaChunks(input.stream, ',')[Symbol.asyncIterator]();
    const first = await chunks.next();
    expect(first.done).toBe(false);
    await sleep(100); // the taker is busy: the stream must not fill the parser's queue meanwhile
    expect(input.pulled).toBeLessThan(5);
    let rows = first.value!.length;
    for (let r = await chunks.next(); !r.done; r = await chunks.next()) rows += r.value.length;
    expect(input.pulled).toBe(200);
    expect(rows).toBe(200_000);
  });
});
