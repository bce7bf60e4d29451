/**
 * COPY text on its way into PGlite, which loads through COPY FROM '/dev/blob': gathered in
 * one buffer that every load of an import reuses. PGlite reads /dev/blob from the ArrayBuffer
 * its blob's arrayBuffer() returns. A Blob per load, and the copy arrayBuffer() makes of it,
 * left two 8 MB buffers of garbage per load, which piled up on the main thread until a
 * collection: 1,000,000 rows peaked at 177 MB of array buffers and 600-700 MB in all.
 */

/**
 * A Blob over bytes already in memory, without the copies new Blob() and arrayBuffer() would
 * make. Only its size and arrayBuffer() tell its content, which is all PGlite reads of a blob.
 */
class StagedBlob extends Blob {
  readonly #content: ArrayBuffer;

  constructor(content: ArrayBuffer) {
    super([]);
    this.#content = content;
    Object.defineProperty(this, 'size', { value: content.byteLength });
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#content);
  }
}

const NEWLINE = 0x0a;

export class BlobStaging {
  /** Resizable: cut to what one load holds, then back to its capacity. */
  private readonly buffer: ArrayBuffer;
  /** Tracks the buffer's length. */
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();
  private staged = 0;

  /** `capacity`: bytes reserved (only what is written takes memory). */
  constructor(private readonly capacity: number) {
    this.buffer = new ArrayBuffer(capacity, { maxByteLength: capacity });
    this.bytes = new Uint8Array(this.buffer);
  }

  /** Bytes staged. */
  get size(): number {
    return this.staged;
  }

  /**
   * Adds COPY text, whole lines or not. False when it might not fit (UTF-8 takes up to three
   * bytes per UTF-16 unit), with nothing added: load, then add again.
   */
  add(text: string | Uint8Array): boolean {
    if (typeof text !== 'string') {
      if (this.staged + text.length > this.capacity) return false;
      this.bytes.set(text, this.staged);
      this.staged += text.length;
      return true;
    }
    if (this.staged + text.length * 3 > this.capacity) return false;
    this.staged += this.encoder.encodeInto(text, this.bytes.subarray(this.staged)).written;
    return true;
  }

  /**
   * Hands the staged lines to `load` as one Blob; a line not yet ended stays staged for the
   * next load (COPY text escapes line breaks in values: every 0x0A ends a row). `all` loads
   * everything, as at the end of the text. Returns the bytes loaded.
   */
  async load(load: (blob: Blob) => Promise<void>, all = false): Promise<number> {
    if (this.staged === 0) return 0;
    const end = all ? this.staged : this.bytes.lastIndexOf(NEWLINE, this.staged - 1) + 1;
    if (end === 0) return 0;
    // Cutting the buffer drops what lies past the cut: an unended line waits in a copy.
    const rest = end < this.staged ? this.bytes.slice(end, this.staged) : null;
    try {
      this.buffer.resize(end);
      await load(new StagedBlob(this.buffer));
    } finally {
      this.buffer.resize(this.capacity);
      this.staged = 0;
    }
    if (rest) this.add(rest);
    return end;
  }
}
