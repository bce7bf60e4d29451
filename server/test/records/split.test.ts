/** Cutting a CSV file at record ends for parallel checking: quoted cells may hold line breaks. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRange, openSource, splitRanges, type FileSource, type SourceRow } from '../../src/records/reader.js';
import { RecordEnds } from '../../src/records/record-ends.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'split-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Line feeds the reader reports over `chunks`, as [offset in the whole text, ends a record]. */
function lineFeeds(chunks: string[], delimiter = ','): { feeds: Array<[number, boolean]>; ends: RecordEnds } {
  const ends = new RecordEnds(delimiter.charCodeAt(0));
  const feeds: Array<[number, boolean]> = [];
  let offset = 0;
  for (const c of chunks) {
    const bytes = Buffer.from(c, 'latin1');
    ends.feed(bytes, (i, endsRecord) => feeds.push([offset + i, endsRecord]));
    offset += bytes.length;
  }
  return { feeds, ends };
}

describe('record ends', () => {
  it('tells line feeds inside quoted cells from those that end records, across chunk borders', () => {
    const text = 'a,"b\nc",d\n"e ""quoted""\n",f\r\n"g"\r\nh,i\n';
    const expected = [...text].flatMap((ch, i) => (ch === '\n' ? [i] : []));
    // Every way of cutting the text in two chunks gives the same answer.
    for (let cut = 0; cut <= text.length; cut++) {
      const { feeds, ends } = lineFeeds([text.slice(0, cut), text.slice(cut)]);
      expect(feeds.map(([i]) => i)).toEqual(expected);
      expect(feeds.map(([, e]) => e)).toEqual([false, true, false, true, true, true]);
      expect(ends.irregular).toBe(false);
      expect(ends.closed).toBe(true);
    }
  });

  it('calls a quote inside an unquoted cell, or text after a closing quote, irregular', () => {
    expect(lineFeeds(['a,5" pipe,b\n']).ends.irregular).toBe(true);
    expect(lineFeeds(['a,"x"y,b\n']).ends.irregular).toBe(true);
    expect(lineFeeds(['a,"x"\rb\n']).ends.irregular).toBe(true);
    expect(lineFeeds(['a;"x";b\n'], ';').ends.irregular).toBe(false);
    expect(lineFeeds(['a,"x",b\n'], ';').ends.irregular).toBe(true);
  });

  it('knows a stream that ends inside a quoted cell is not closed', () => {
    const { ends } = lineFeeds(['a,"open\n', 'still open\n']);
    expect(ends.irregular).toBe(false);
    expect(ends.closed).toBe(false);
  });
});

async function rowsOf(source: FileSource): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const chunk of source.chunks()) out.push(...chunk);
  return out;
}

describe('splitting a file', () => {
  const header = 'Date,Drug,Remarks,Quantity\n';
  /** A row every few with a quoted remark over two lines, doubled quotes and an embedded delimiter. */
  const row = (i: number) =>
    i % 3 === 0
      ? `2020-01-${String((i % 28) + 1).padStart(2, '0')},heroin,"seized at ""gate ${i}"",\nsecond line",${i}\n`
      : `2020-02-01,cocaine_hcl,,${i}\n`;

  it('cuts a quoted file only at record ends, and its ranges read as the whole file does', async () => {
    const path = join(dir, 'quoted.csv');
    await writeFile(path, header + Array.from({ length: 3000 }, (_, i) => row(i)).join(''));
    const source = await openSource(path);
    const whole = await rowsOf(source);
    expect(whole.filter((r) => String(r.cells[2]).includes('\n')).length).toBe(1000);
    // 35 cut points in all: some fall inside a quoted cell, whose line feed must be passed over.
    for (let n = 2; n <= 9; n++) {
      const ranges = await splitRanges(path, source, n, 1);
      expect(ranges).toHaveLength(n);
      const parts = (await Promise.all(ranges!.map((r) => rowsOf(openRange(path, r))))).flat();
      expect(parts.map((r) => r.line)).toEqual(whole.map((r) => r.line));
      expect(parts.map((r) => r.cells)).toEqual(whole.map((r) => r.cells));
    }
  });

  it('cuts a file with a byte-order mark and a quoted header', async () => {
    const path = join(dir, 'bom.csv');
    const quotedHeader = '"Date","Drug","Remarks","Quantity"\n';
    await writeFile(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(quotedHeader + Array.from({ length: 3000 }, (_, i) => row(i)).join(''))]),
    );
    const source = await openSource(path);
    const ranges = await splitRanges(path, source, 2, 1);
    expect(ranges?.[0]?.start).toBe(3);
    const parts = (await Promise.all(ranges!.map((r) => rowsOf(openRange(path, r))))).flat();
    expect(parts.map((r) => r.cells)).toEqual((await rowsOf(source)).map((r) => r.cells));
  });

  it('does not cut a file whose quoting breaks the rules, nor one ending inside a quoted cell', async () => {
    const stray = join(dir, 'stray.csv');
    await writeFile(
      stray,
      header + Array.from({ length: 3000 }, (_, i) => (i === 2000 ? '2020-02-01,heroin,5" pipe,1\n' : row(i))).join(''),
    );
    expect(await splitRanges(stray, await openSource(stray), 2, 1)).toBeNull();
    const open = join(dir, 'open.csv');
    await writeFile(open, header + Array.from({ length: 3000 }, (_, i) => row(i)).join('') + '2020-02-01,heroin,"never closed\n');
    expect(await splitRanges(open, await openSource(open), 2, 1)).toBeNull();
  });

  it('leaves files under the size limit whole', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, header + Array.from({ length: 100 }, (_, i) => row(i)).join(''));
    expect(await splitRanges(path, await openSource(path), 2)).toBeNull();
    expect(await splitRanges(path, await openSource(path), 2, 1)).toHaveLength(2);
  });
});
