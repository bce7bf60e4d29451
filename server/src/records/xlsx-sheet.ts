/**
 * The rows of a workbook's first sheet (in tab order), streamed: the relationships, the
 * workbook, the shared strings, then the sheet, each read with saxes (a streaming XML
 * parser) from the parts workbook-zip.ts inflates. Values come out as the sheet stores
 * them: numbers as numbers (dates too: the validator reads Excel date serials), text as
 * text, booleans, and a marker the validator refuses for formulas and error values.
 *
 * This replaced exceljs' streaming reader, whose internal part parsers we had to drive
 * (workbook-zip.ts says why) and which built a cell object per cell: a 200,000-row IDS
 * workbook read in 6.8-7.3 s there, in 4.1-4.4 s here (saxes itself takes about 2.5 s).
 */
import { posix } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FileFormatError } from './file-format-error.js';
import type { SourceRow } from './reader.js';
import { partBytes, type ZipPart } from './workbook-zip.js';

/** What a cell holding a formula or an error value reads as (refused by the validator). */
type CellMarker = { formula: true } | { error: string };

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** A tag's name without its namespace prefix (`x:row` is a row too). */
const local = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

interface Handlers {
  open(name: string, tag: SaxesTagPlain): void;
  close(name: string): void;
  text?(text: string): void;
}

/**
 * Feeds a part through saxes, a chunk at a time; after each chunk, `drain` may hand on what
 * the handlers collected. Not well-formed XML (and entities it does not define, such as a
 * "billion laughs" DOCTYPE's) is a FileFormatError naming the part.
 */
async function* parsePart<T>(path: string, part: ZipPart, h: Handlers, drain: () => T[]): AsyncGenerator<T> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  parser.on('opentag', (tag) => h.open(local(tag.name), tag));
  parser.on('closetag', (tag) => h.close(local(tag.name)));
  if (h.text) {
    parser.on('text', h.text);
    parser.on('cdata', h.text);
  }
  const decoder = new TextDecoder('utf-8');
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      throw new FileFormatError(`the workbook cannot be read: its part ${part.name} is not well-formed XML (${(err as Error).message})`);
    }
  };
  for await (const bytes of partBytes(path, part)) {
    feed(decoder.decode(bytes, { stream: true }));
    yield* drain();
  }
  feed(decoder.decode());
  try {
    parser.close();
  } catch (err) {
    throw new FileFormatError(`the workbook cannot be read: its part ${part.name} ends early (${(err as Error).message})`);
  }
  yield* drain();
}

/** Reads a small part whole. */
async function readPart(path: string, part: ZipPart | undefined, h: Handlers): Promise<void> {
  if (!part) return;
  for await (const _ of parsePart(path, part, h, () => [])); // the handlers keep what they need
}

/** The text of each shared string: plain or rich (runs joined), without phonetic guides. */
async function sharedStrings(path: string, part: ZipPart | undefined): Promise<string[]> {
  const strings: string[] = [];
  let text = '';
  let inText = false;
  let phonetic = 0;
  await readPart(path, part, {
    open(name, tag) {
      if (name === 'si') text = '';
      else if (name === 't') inText = !tag.isSelfClosing && phonetic === 0;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') strings.push(text);
    },
    text(t) {
      if (inText) text += t;
    },
  });
  return strings;
}

/** The first sheet in tab order; without a usable workbook part, the lowest-numbered sheet part. */
async function firstSheet(path: string, parts: Map<string, ZipPart>): Promise<ZipPart | undefined> {
  const targets = new Map<string, string>();
  await readPart(path, parts.get('xl/_rels/workbook.xml.rels'), {
    open(name, tag) {
      const { Id: id, Target: target } = tag.attributes;
      if (name === 'Relationship' && id && target) targets.set(id, target);
    },
    close: () => undefined,
  });
  const tabs: string[] = [];
  await readPart(path, parts.get('xl/workbook.xml'), {
    open(name, tag) {
      if (name !== 'sheet') return;
      // r:id, whatever prefix the writer gave the relationships namespace.
      const id = Object.entries(tag.attributes).find(([k]) => k.endsWith(':id'))?.[1];
      if (id) tabs.push(id);
    },
    close: () => undefined,
  });
  for (const id of tabs) {
    const target = targets.get(id);
    if (!target) continue;
    const part = parts.get(target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target)));
    if (part) return part;
  }
  const number = (p: ZipPart) => Number(SHEET_PART.exec(p.name)?.[1]);
  return [...parts.values()].filter((p) => SHEET_PART.test(p.name)).sort((a, b) => number(a) - number(b))[0];
}

/** 0-based column of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

export async function* firstSheetRows(path: string, parts: Map<string, ZipPart>): AsyncGenerator<SourceRow> {
  const shared = await sharedStrings(path, parts.get('xl/sharedStrings.xml'));
  const sheet = await firstSheet(path, parts);
  if (!sheet) throw new FileFormatError('the workbook cannot be read: it holds no worksheet');

  const done: SourceRow[] = [];
  let line = 0;
  let cells: unknown[] = [];
  let column = -1;
  let type = 'n';
  let formula = false;
  let value = '';
  /** Collecting text: of a <v>, or of an inline string's <t> (not inside a phonetic guide). */
  let collecting = false;
  let phonetic = 0;
  const cellValue = (): unknown => {
    if (formula) return { formula: true } satisfies CellMarker;
    switch (type) {
      case 'e':
        return { error: value } satisfies CellMarker;
      case 's':
        return shared[Number(value)] ?? null;
      case 'inlineStr':
      case 'str':
        return value;
      case 'b':
        return value === '1' || value === 'true';
      case 'd':
        return value === '' ? null : new Date(value);
      default: {
        if (value.trim() === '') return null;
        const n = Number(value);
        return Number.isNaN(n) ? value : n;
      }
    }
  };
  const handlers: Handlers = {
    open(name, tag) {
      switch (name) {
        case 'row': {
          const r = tag.attributes['r'];
          line = r ? Number(r) : line + 1;
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          const r = tag.attributes['r'];
          column = r ? columnOf(r) : column + 1;
          type = tag.attributes['t'] ?? 'n';
          formula = false;
          value = '';
          break;
        }
        case 'f':
          formula = true;
          break;
        case 'v':
          collecting = !tag.isSelfClosing;
          break;
        case 't':
          collecting = !tag.isSelfClosing && phonetic === 0;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (column >= 0) cells[column] = cellValue();
          break;
        case 'row':
          done.push({ line, cells });
          break;
      }
    },
    text(t) {
      if (collecting) value += t;
    },
  };
  yield* parsePart(path, sheet, handlers, () => done.splice(0));
}
