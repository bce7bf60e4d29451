/**
 * Hostile and broken files, built byte by byte: CSV in every way people and attackers break
 * it, and XLSX workbooks that are zip bombs, carry external links or formulas, are cut short
 * or are not workbooks at all. A tiny zip writer (stored or deflated entries, or a deflate
 * stream given as is) lets the workbooks lie about their contents without a zip library.
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';
import ExcelJS from 'exceljs';

// --- zip -----------------------------------------------------------------------------

export interface ZipEntry {
  name: string;
  /** The entry's bytes (deflated by the writer), or an already deflated stream with its true size and CRC. */
  data: Buffer | { deflated: Buffer; size: number; crc: number };
}

export function zip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = Buffer.isBuffer(e.data) ? e.data : null;
    const body = raw ? deflateRawSync(raw) : (e.data as { deflated: Buffer }).deflated;
    const size = raw ? raw.length : (e.data as { size: number }).size;
    const crc = raw ? crc32(raw) : (e.data as { crc: number }).crc;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/**
 * A deflate stream of `prefix`, then `repeat` copies of `block`, then `suffix`, built without
 * ever holding the inflated bytes: the block is deflated once (sync-flushed, so it stands
 * alone) and its compressed form repeated. 1 MiB of one byte deflates to about 1 KiB.
 */
export function repeatedDeflate(prefix: string, block: Buffer, repeat: number, suffix: string) {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const head = deflateRawSync(Buffer.from(prefix), flush);
  const one = deflateRawSync(block, flush);
  const tail = deflateRawSync(Buffer.from(suffix));
  let crc = crc32(Buffer.from(prefix));
  for (let i = 0; i < repeat; i++) crc = crc32(block, crc);
  crc = crc32(Buffer.from(suffix), crc);
  const size = prefix.length + block.length * repeat + suffix.length;
  return { deflated: Buffer.concat([head, ...Array.from({ length: repeat }, () => one), tail]), size, crc };
}

// --- minimal workbooks ---------------------------------------------------------------

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = (extra = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>${extra}</workbook>`;
const WORKBOOK_RELS = (extra = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${extra}</Relationships>`;
const SHEET_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** Sheet rows as inline strings (numbers as numbers), with an optional row number per row. */
export function sheetRows(rows: Array<{ r?: number; cells: string[] }>): string {
  let next = 1;
  return rows
    .map(({ r, cells }) => {
      const n = r ?? next;
      next = n + 1;
      const cs = cells
        .map((v, i) =>
          /^-?\d+(\.\d+)?$/.test(v)
            ? `<c r="${colName(i)}${n}"><v>${v}</v></c>`
            : `<c r="${colName(i)}${n}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`,
        )
        .join('');
      return `<row r="${n}">${cs}</row>`;
    })
    .join('');
}

/** A workbook with one sheet whose XML is given (or streamed in deflated form), plus extra parts. */
export function workbook(
  sheet: string | { deflated: Buffer; size: number; crc: number },
  opts: { workbookExtra?: string; relsExtra?: string; extra?: ZipEntry[] } = {},
): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK(opts.workbookExtra)) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS(opts.relsExtra)) },
    ...(opts.extra ?? []),
    { name: 'xl/worksheets/sheet1.xml', data: typeof sheet === 'string' ? Buffer.from(sheet) : sheet },
  ]);
}

export const sheetXml = (rowsXml: string, head = '') => `${SHEET_OPEN}${head}<sheetData>${rowsXml}</sheetData></worksheet>`;

/** A real workbook written by ExcelJS, first sheet filled with these rows (cells may be formulas). */
export async function excelWorkbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Records');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// --- text helpers --------------------------------------------------------------------

export const utf16le = (s: string, bom = true) =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
export function utf16be(s: string, bom = true): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), le]);
}

/** Deterministic pseudo-random bytes (a file's worth of noise that is the same on every run). */
export function noise(n: number, seed: number, avoidZip = true): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  if (avoidZip && b[0] === 0x50) b[0] = 0x51;
  return b;
}
