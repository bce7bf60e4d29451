/**
 * A set of 53-bit fingerprints without an allocation per entry: open addressing with
 * linear probing over a Float64Array (a JS Set of numbers this large boxes every one and
 * keeps the garbage collector busy). Grows at half full (three quarters for a shared set).
 */
export class FingerprintSet {
  private table: Float64Array;
  private mask: number;
  private count = 0;
  private hasZero = false;

  private readonly maxLoad: number;

  /**
   * `shared`: the table lives in a SharedArrayBuffer, which worker threads read without a copy;
   * such a set is filled once and only read, so it may be up to three quarters full.
   */
  constructor(
    capacity = 1 << 16,
    private readonly shared = false,
  ) {
    this.maxLoad = shared ? 0.75 : 0.5;
    let size = 16;
    while (size * this.maxLoad < capacity) size *= 2;
    this.table = this.tableOf(size);
    this.mask = size - 1;
  }

  private tableOf(size: number): Float64Array {
    return new Float64Array(this.shared ? new SharedArrayBuffer(size * 8) : new ArrayBuffer(size * 8));
  }

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  private slot(fp: number): number {
    // The low 32 bits are well mixed (cyrb53): a multiplicative step spreads them over the table.
    return Math.imul(fp >>> 0, 0x9e3779b1) & this.mask;
  }

  has(fp: number): boolean {
    if (fp === 0) return this.hasZero;
    for (let i = this.slot(fp); ; i = (i + 1) & this.mask) {
      const v = this.table[i]!;
      if (v === 0) return false;
      if (v === fp) return true;
    }
  }

  /** Adds; returns false when it was already there. */
  add(fp: number): boolean {
    if (fp === 0) {
      const was = this.hasZero;
      this.hasZero = true;
      return !was;
    }
    for (let i = this.slot(fp); ; i = (i + 1) & this.mask) {
      const v = this.table[i]!;
      if (v === fp) return false;
      if (v === 0) {
        this.table[i] = fp;
        if (++this.count > this.table.length * this.maxLoad) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = this.tableOf(old.length * 2);
    this.mask = this.table.length - 1;
    this.count = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }

  /** The members, packed. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    if (this.hasZero) out[n++] = 0;
    for (const v of this.table) if (v !== 0) out[n++] = v;
    return out;
  }

  static of(values: ArrayLike<number>): FingerprintSet {
    const s = new FingerprintSet(values.length);
    for (let i = 0; i < values.length; i++) s.add(values[i]!);
    return s;
  }

  /**
   * This set's table, to be read by worker threads: one table for all of them, sent as plain
   * data (a SharedArrayBuffer crosses to a thread without being copied). The stored records of
   * a country can number millions; a copy and a table per thread cost about 40 bytes a record
   * each. Only for a set made `shared`; nothing may be added to it once shared.
   */
  share(): SharedFingerprints {
    if (!this.shared) throw new Error('only a set made shared can be shared');
    return { table: this.table, count: this.count, hasZero: this.hasZero };
  }

  /** A set `share` gave, to read (adding to it would grow it out of the shared table). */
  static reading(shared: SharedFingerprints): Pick<FingerprintSet, 'has' | 'size'> {
    const s = new FingerprintSet(1);
    s.table = shared.table;
    s.mask = shared.table.length - 1;
    s.count = shared.count;
    s.hasZero = shared.hasZero;
    return s;
  }
}

export interface SharedFingerprints {
  table: Float64Array;
  count: number;
  hasZero: boolean;
}
