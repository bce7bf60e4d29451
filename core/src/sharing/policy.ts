/**
 * Reciprocal sharing of case records between states (VRS-MSRC first, any record collection
 * by configuration). Pure rules, shared by the server and the authorization matrix:
 *
 * - A collection's policy says whether sharing is reciprocal and with what window.
 * - Each state decides for itself: whether it takes part; with whom it shares (all
 *   participants, named partners, or the office only); which fields it withholds from
 *   partners; whether its restricted records (H2, H3) may go into releases and exports.
 * - Reciprocity: a participant sees another state's data only for the years in which it
 *   has contributed records itself, widened by the window (years either side).
 * - Restricted records (handling H2 or H3) never leave the office record by record:
 *   partners see them only inside aggregates, and releases leave them out unless their
 *   provider consented. H3's restrictions are free text no program can read, so it is
 *   treated as strictly as H2.
 */
export const AUDIENCES = ['all', 'partners', 'office'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const RESTRICTED_HANDLING: readonly string[] = ['H2', 'H3'];
export const isRestricted = (handling: string | null | undefined): boolean => !!handling && RESTRICTED_HANDLING.includes(handling);

/** Aggregate cells counting fewer events than this are suppressed, as in releases. */
export const SHARED_SMALL_COUNT = 5;
/** Reciprocity windows are kept short: a state that contributed once does not see a decade. */
export const MAX_WINDOW_YEARS = 5;

export interface CollectionSharing {
  collection: string;
  reciprocal: boolean;
  windowYears: number;
}

export interface StateSharing {
  country: string;
  participates: boolean;
  audience: Audience;
  partners: readonly string[];
  withheldFields: readonly string[];
  /** The provider's permission to include its restricted records in releases and exports. */
  releaseRestricted: boolean;
}

/** What one participant may see of one other state's data. */
export interface SharedGrant {
  owner: string;
  /** Years visible; null = every year (a collection that is not reciprocal). */
  years: readonly number[] | null;
  withheldFields: readonly string[];
}

/** True when `owner`'s choices admit `viewer` (both must take part; the office-only audience admits nobody). */
export function admits(owner: StateSharing, viewer: StateSharing | undefined): boolean {
  if (!viewer || !viewer.participates || !owner.participates || owner.country === viewer.country) return false;
  if (owner.audience === 'all') return true;
  if (owner.audience === 'partners') return owner.partners.includes(viewer.country);
  return false;
}

/** The years a contributor may see: each contributed year widened by the window. */
export function reciprocalYears(contributed: readonly number[], windowYears: number): number[] {
  const years = new Set<number>();
  for (const y of contributed) for (let d = -windowYears; d <= windowYears; d++) years.add(y + d);
  return [...years].sort((a, b) => a - b);
}

/**
 * Every other state's data a viewer state may see, given the policy, every state's
 * choices, and the years in which the viewer has contributed records to the collection.
 */
export function grantsFor(
  policy: CollectionSharing,
  states: readonly StateSharing[],
  viewer: string,
  contributedYears: readonly number[],
): SharedGrant[] {
  const me = states.find((s) => s.country === viewer);
  const years = policy.reciprocal ? reciprocalYears(contributedYears, policy.windowYears) : null;
  if (years && years.length === 0) return [];
  return states
    .filter((owner) => admits(owner, me))
    .map((owner) => ({ owner: owner.country, years, withheldFields: owner.withheldFields }))
    .sort((a, b) => a.owner.localeCompare(b.owner));
}

/** A default for a state that has not chosen yet: not taking part, office only, nothing released. */
export function defaultStateSharing(country: string): StateSharing {
  return { country, participates: false, audience: 'office', partners: [], withheldFields: [], releaseRestricted: false };
}
