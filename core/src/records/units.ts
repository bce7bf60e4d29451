/**
 * Quantities to kilograms. Masses convert exactly. Counts (tablets, doses, plants) become
 * a kilogram *equivalent* only through a stated, versioned conversion factor, and such
 * values carry their basis so that nobody mistakes an assumption for a weighing.
 */
/** Canonical units of the `quantity_unit` code list (its synonyms cover how files write them). */
export const UNITS = ['kg', 'g', 'l', 'ml', 'tablets', 'units', 'plants'] as const;
export type Unit = (typeof UNITS)[number];

export const CONVERSION_VERSION = 'obs-1';

/**
 * Default assumptions (Observatory v1, not official UNODC factors; the office can replace
 * them with its own in a later version): grams of drug per unit counted.
 */
export const GRAMS_PER_COUNT: ReadonlyArray<{ drugs: string[]; unit: 'tablets' | 'units' | 'plants'; grams: number; note: string }> = [
  { drugs: ['mdma', 'G_ECSTASY', 'SG_ECSTASY', 'mda', 'mdea'], unit: 'tablets', grams: 0.1, note: 'ecstasy-type tablet ≈ 100 mg' },
  { drugs: ['methamphetamine', 'yaba', 'amphetamine', 'captagon'], unit: 'tablets', grams: 0.1, note: 'amphetamine-type tablet ≈ 100 mg' },
  { drugs: ['lsd'], unit: 'units', grams: 0.00005, note: 'LSD dose ≈ 50 µg' },
  { drugs: ['cannabis_plants', 'cannabis_herb'], unit: 'plants', grams: 100, note: 'cannabis plant ≈ 100 g of herb' },
];

export interface Quantity {
  /** Kilograms when the unit was a mass; null otherwise. */
  massKg: number | null;
  /** Kilograms, or their equivalent through a conversion factor; null when no factor applies (volumes, unknown counts). */
  kgEquivalent: number | null;
  /** 'mass', `factor:${CONVERSION_VERSION}` or null. */
  basis: string | null;
}

export function toKilograms(quantity: number, unit: Unit, drug: string): Quantity {
  if (unit === 'kg') return { massKg: quantity, kgEquivalent: quantity, basis: 'mass' };
  if (unit === 'g') return { massKg: quantity / 1000, kgEquivalent: quantity / 1000, basis: 'mass' };
  if (unit === 'l' || unit === 'ml') return { massKg: null, kgEquivalent: null, basis: null };
  const factor = GRAMS_PER_COUNT.find((f) => f.unit === unit && f.drugs.includes(drug));
  return factor
    ? { massKg: null, kgEquivalent: (quantity * factor.grams) / 1000, basis: `factor:${CONVERSION_VERSION}` }
    : { massKg: null, kgEquivalent: null, basis: null };
}
