/**
 * Robust statistics for outlier flags against a country's own history: the modified
 * z-score of Iglewicz and Hoaglin (1993), 0.6745 (x - median) / MAD, with the usual
 * fallback to the mean absolute deviation (scaled by 1.253314) when the MAD is zero.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function modifiedZ(x: number, history: readonly number[]): number {
  const m = median(history);
  const mad = median(history.map((v) => Math.abs(v - m)));
  if (mad > 0) return (0.6745 * (x - m)) / mad;
  const meanAd = history.reduce((s, v) => s + Math.abs(v - m), 0) / history.length;
  if (meanAd > 0) return (x - m) / (1.253314 * meanAd);
  return x === m ? 0 : Number.POSITIVE_INFINITY * Math.sign(x - m);
}

export function relativeChange(current: number, previous: number, minBase: number): number {
  return Math.abs(current - previous) / Math.max(Math.abs(previous), minBase);
}
