/**
 * A set of 53-bit fingerprints without an allocation per entry: open addressing with
 * linear probing over a Float64Array (a JS Set of numbers this large boxes every one and
 * keeps the garbage collector busy). Grows at half full.
 */
export class FingerprintSet {
  private table: Float64Array;
  private mask: number;
  private count = 0;
  private hasZero = false;

  constructor(capacity = 1 << 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Float64Array(size);
    this.mask = size - 1;
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
        if (++this.count * 2 > this.table.length) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
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
}
