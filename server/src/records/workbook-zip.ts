/**
 * The parts of an XLSX workbook (a zip file), found through its central directory and read
 * by random access, one part at a time and in the order the reader needs them.
 *
 * Why not a streaming unzip, such as the one inside exceljs' workbook reader (which read
 * record workbooks before xlsx-sheet.ts): unzipper (0.10 to 0.12.5, the latest) emits 'end'
 * as soon as its input is consumed, while parts it has already parsed can still wait in its
 * buffer. exceljs then stops listing parts early: under load (checks run in
 * worker threads on two cores) about one read in a hundred lost the shared strings and the
 * workbook part, and failed or could have read text cells as garbage. That reader also kept a
 * temporary copy of the sheet in the system's temp folder whenever its caller stopped after the
 * first sheet, which is every read here.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { FileFormatError } from './file-format-error.js';

export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** The end-of-directory record (22 bytes) plus its longest comment. */
const TAIL_BYTES = 22 + 0xffff;

const damaged = (what: string) => new FileFormatError(`the workbook cannot be read: ${what}`);

/** The workbook's parts by name, from its central directory (the zip's own index). */
export async function zipParts(path: string): Promise<Map<string, ZipPart>> {
  const size = (await stat(path)).size;
  const fh = await open(path, 'r');
  try {
    const tail = await readAt(fh, Math.max(0, size - TAIL_BYTES), Math.min(size, TAIL_BYTES));
    const eocd = tail.lastIndexOf(EOCD);
    if (eocd < 0 || eocd + 22 > tail.length) throw damaged('it is not a complete zip file');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size) throw damaged('its zip directory is damaged');
    const cd = await readAt(fh, cdOffset, cdSize);
    const parts = new Map<string, ZipPart>();
    for (let i = 0, at = 0; i < count; i++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) throw damaged('its zip directory is damaged');
      const nameLength = cd.readUInt16LE(at + 28);
      const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
      parts.set(name, {
        name,
        method: cd.readUInt16LE(at + 10),
        compressedSize: cd.readUInt32LE(at + 20),
        localHeaderOffset: cd.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    return parts;
  } finally {
    await fh.close();
  }
}

const CHUNK_BYTES = 256 * 1024;

/** A part's inflated bytes, streamed; a damaged part ends in a FileFormatError. */
export async function* partBytes(path: string, part: ZipPart): AsyncGenerator<Buffer> {
  if (part.method !== 0 && part.method !== 8) throw damaged(`its part ${part.name} uses a compression other than deflate`);
  const fh = await open(path, 'r');
  let start: number;
  try {
    const local = await readAt(fh, part.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw damaged('a part of it is damaged');
    start = part.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (part.compressedSize === 0) return;
  // Large chunks: each costs the XML parser a call and a decode (a 200,000-row sheet read in
  // 4.3 s with 64 KB chunks, 3.8 s with 256 KB; zlib's default is 16 KB).
  const input = createReadStream(path, { start, end: start + part.compressedSize - 1, highWaterMark: CHUNK_BYTES });
  const bytes: Readable = part.method === 8 ? pipeline(input, createInflateRaw({ chunkSize: CHUNK_BYTES }), () => {}) : input;
  try {
    for await (const chunk of bytes) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw damaged('a part of it is damaged');
  } finally {
    bytes.destroy();
    input.destroy();
  }
}

/** Workbooks inflate to at most this many times their size (real ones: 5-15×), and at least this much is allowed. */
const MAX_INFLATE_RATIO = 100;
const MIN_INFLATE_ALLOWANCE = 64 * 1024 * 1024;

/**
 * Refuses a zip bomb before any XML is parsed: every part is inflated here, its bytes counted
 * (not trusted from the headers) and thrown away, stopping at the allowance.
 */
export async function assertInflatesWithin(path: string, parts: Map<string, ZipPart>): Promise<void> {
  const limit = Math.max(MIN_INFLATE_ALLOWANCE, (await stat(path)).size * MAX_INFLATE_RATIO);
  let total = 0;
  for (const part of parts.values()) {
    if (part.method !== 8) {
      total += part.compressedSize;
      continue;
    }
    for await (const chunk of partBytes(path, part)) {
      total += chunk.length;
      if (total > limit)
        throw new FileFormatError(
          `the workbook inflates to more than ${Math.round(limit / 1024 / 1024)} MB: it is refused as a zip bomb (save it again, or as CSV)`,
        );
    }
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}
