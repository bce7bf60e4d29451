/**
 * Where the records of a CSV byte stream end, read chunk by chunk: the places a file can be
 * cut for parallel checking. A line break inside a quoted cell does not end a record, so
 * quotes are followed as RFC 4180 has them. Anything the rules do not cover (a quote inside
 * an unquoted cell, text after a closing quote) makes the stream irregular: parsers differ
 * there, so such a file is not cut at all. Bytes are compared as such, which is safe in
 * UTF-8 and single-byte encodings (no multi-byte character holds an ASCII byte).
 */
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// States of the reader between two bytes.
/** At the start of a cell. */
const CELL_START = 0;
/** Inside an unquoted cell. */
const UNQUOTED = 1;
/** Inside a quoted cell. */
const QUOTED = 2;
/** After a quote inside a quoted cell: its end, or the first of a doubled quote. */
const QUOTE_IN_QUOTED = 3;
/** After a carriage return that followed a closing quote: a line feed must come. */
const CLOSED_CR = 4;

export class RecordEnds {
  private state: number = CELL_START;
  /** Set once the stream breaks the quoting rules; nothing more is reported. */
  irregular = false;

  constructor(private readonly delimiter: number) {}

  /**
   * Reads the next chunk, calling `onLineFeed` for every line feed with its index in the
   * chunk and whether it ends a record (false inside a quoted cell).
   */
  feed(chunk: Buffer, onLineFeed: (index: number, endsRecord: boolean) => void): void {
    if (this.irregular) return;
    if (this.state !== QUOTED && this.state !== QUOTE_IN_QUOTED && this.state !== CLOSED_CR && !chunk.includes(QUOTE)) {
      // The common case, a chunk without quotes: every line feed ends a record.
      for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, i + 1)) onLineFeed(i, true);
      const last = chunk.length > 0 ? chunk[chunk.length - 1] : undefined;
      if (last !== undefined) this.state = last === LF || last === this.delimiter ? CELL_START : UNQUOTED;
      return;
    }
    const d = this.delimiter;
    let state = this.state;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (state) {
        case CELL_START:
        case UNQUOTED:
          if (b === QUOTE) {
            if (state === UNQUOTED) return this.fail();
            state = QUOTED;
          } else if (b === LF) {
            onLineFeed(i, true);
            state = CELL_START;
          } else state = b === d ? CELL_START : UNQUOTED;
          break;
        case QUOTED:
          if (b === QUOTE) state = QUOTE_IN_QUOTED;
          else if (b === LF) onLineFeed(i, false);
          break;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) state = QUOTED;
          else if (b === d) state = CELL_START;
          else if (b === LF) {
            onLineFeed(i, true);
            state = CELL_START;
          } else if (b === CR) state = CLOSED_CR;
          else return this.fail();
          break;
        case CLOSED_CR:
          if (b !== LF) return this.fail();
          onLineFeed(i, true);
          state = CELL_START;
          break;
      }
    }
    this.state = state;
  }

  /** Whether the stream ended between records (not inside a quoted cell). */
  get closed(): boolean {
    return !this.irregular && this.state !== QUOTED;
  }

  private fail(): void {
    this.irregular = true;
  }
}
