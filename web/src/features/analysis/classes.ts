/** Colour classes of the choropleth. */

/** Class breaks at the quintiles of the values (so each colour holds about a fifth of the countries). */
export function classBreaks(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}
