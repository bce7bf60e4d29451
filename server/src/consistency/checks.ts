/**
 * Consistency checks for reviewers: pure functions over a submission's current figures,
 * the country's accepted history of the same cells and its individual drug seizure (IDS)
 * sums. No I/O: the repository loads the inputs, the command stores the findings.
 *
 * - `ids_vs_arq`: an ARQ seizure total per drug (by mass, in kilograms) and its number of
 *   seizure cases against what the country's IDS records of that year add up to.
 * - `yoy_jump`: a cell against the same cell of the previous year, as accepted.
 * - `history_outlier`: a cell against the country's accepted history of that cell
 *   (modified z-score, Iglewicz and Hoaglin).
 *
 * `reconcile` decides what a re-run does to the findings already stored.
 */
import { median, modifiedZ, parseCellKey, relativeChange } from '@observatory/core';
import type { ConsistencyCheckId, FindingSeverity } from './contracts.js';

// ---------------------------------------------------------------- inputs and outputs

export interface CellFigure {
  cellKey: string;
  item: string;
  value: number;
}

/** An accepted value of the same country and definition, for another period. */
export interface HistoryFigure {
  cellKey: string;
  period: string;
  value: number;
}

/** IDS sums of one drug code in the country's year: all records, and those weighed (mass units, in kg). */
export interface IdsDrugSums {
  drug: string;
  cases: number;
  massCases: number;
  massKg: number;
}

export interface IdsYear {
  /** Every IDS record of the country in that year, whatever the drug or unit. */
  records: number;
  byDrug: readonly IdsDrugSums[];
}

export interface ItemInfo {
  label: string;
  type: string;
  readonly: boolean;
}

export interface DrugInfo {
  name: string;
  parent: string | null;
}

export interface CheckInput {
  collection: string;
  /** The reporting year, e.g. '2023'. */
  period: string;
  /** The submission's current numeric cells. */
  cells: readonly CellFigure[];
  /** The country's accepted values of the same definition in other periods. */
  history: readonly HistoryFigure[];
  /** The country's IDS sums for the year; null when not loaded (not an ARQ submission). */
  ids: IdsYear | null;
  /** Items of the definition (labels, types, read-only items filled by the office). */
  items?: ReadonlyMap<string, ItemInfo>;
  /** The drug code list (names, and parents: an ARQ group code covers the IDS records of its members). */
  drugs?: ReadonlyMap<string, DrugInfo>;
}

export interface CheckOptions {
  /** ids_vs_arq: share of the ARQ figure the IDS sum may differ by. */
  idsRelativeTolerance: number;
  /** ids_vs_arq: ... but never less than this many kilograms ... */
  idsMinKg: number;
  /** ... or this many cases. */
  idsMinCases: number;
  /** yoy_jump: relative change beyond which a cell is flagged (0.5 = 50 %). */
  yoyThreshold: number;
  /** yoy_jump and history_outlier: absolute change that must also be exceeded (units of the cell). */
  minChange: number;
  /** The same for percentages (percentage points). */
  minChangePercentage: number;
  /** history_outlier: |modified z| beyond which a value is flagged. */
  outlierThreshold: number;
  /** history_outlier: earlier periods needed before a history means anything. */
  outlierMinHistory: number;
}

export const DEFAULT_OPTIONS: CheckOptions = {
  idsRelativeTolerance: 0.1,
  idsMinKg: 1,
  idsMinCases: 1,
  yoyThreshold: 0.5,
  minChange: 5,
  minChangePercentage: 1,
  outlierThreshold: 3.5,
  outlierMinHistory: 4,
};

export type FindingDetails = Record<string, number | string | boolean | null>;

export interface Finding {
  checkId: ConsistencyCheckId;
  cellKey: string;
  severity: FindingSeverity;
  message: string;
  details: FindingDetails;
}

// ---------------------------------------------------------------- formatting

const round = (n: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const fmt = (n: number) => round(n).toLocaleString('en', { maximumFractionDigits: 3 });
const percent = (part: number, whole: number) => Math.round((Math.abs(part) / Math.abs(whole)) * 100);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function describeCell(cellKey: string, items: ReadonlyMap<string, ItemInfo> | undefined): string {
  const { item, categories } = parseCellKey(cellKey);
  const label = items?.get(item)?.label ?? item;
  const parts = Object.entries(categories).map(([d, c]) => `${d} ${c}`);
  return parts.length ? `${label} (${parts.join(', ')})` : label;
}

// ---------------------------------------------------------------- ids_vs_arq

const RECORD = 'individual seizure (IDS) record';
const RECORDS = 'individual seizure (IDS) records';

/** Mass units of the ARQ `seizure_unit` dimension, in kilograms. */
const KG_PER_UNIT: Readonly<Record<string, number>> = { KG: 1, G: 0.001 };
export const kgPerUnit = (unit: string): number | null => KG_PER_UNIT[unit.toUpperCase()] ?? null;

/** True when `code` is `group` or one of its descendants in the drug list. */
function within(code: string, group: string, drugs: ReadonlyMap<string, DrugInfo> | undefined): boolean {
  const seen = new Set<string>();
  for (let c: string | null = code; c !== null && !seen.has(c); c = drugs?.get(c)?.parent ?? null) {
    if (c === group) return true;
    seen.add(c);
  }
  return false;
}

function idsFor(drug: string, ids: IdsYear, drugs: ReadonlyMap<string, DrugInfo> | undefined) {
  const sum = { cases: 0, massCases: 0, massKg: 0 };
  for (const d of ids.byDrug)
    if (within(d.drug, drug, drugs)) {
      sum.cases += d.cases;
      sum.massCases += d.massCases;
      sum.massKg += d.massKg;
    }
  return sum;
}

export function idsVsArq(input: CheckInput, options: CheckOptions = DEFAULT_OPTIONS): Finding[] {
  if (input.collection !== 'arq' || !input.ids || input.ids.records === 0) return [];
  const ids = input.ids;
  const year = input.period;
  const drugName = (code: string) => input.drugs?.get(code)?.name ?? code;
  const findings: Finding[] = [];

  // Quantities: every mass cell of a drug together (kilograms and grams alike), against the IDS mass.
  const byDrug = new Map<string, Array<{ cell: CellFigure; unit: string; kg: number }>>();
  const cases: Array<{ cell: CellFigure; drug: string }> = [];
  for (const cell of input.cells) {
    const { item, categories } = parseCellKey(cell.cellKey);
    const drug = categories['drug'];
    if (!drug) continue;
    if (item === 'seizure_quantity') {
      const unit = categories['seizure_unit'] ?? '';
      const factor = kgPerUnit(unit);
      if (factor === null) continue;
      const list = byDrug.get(drug) ?? byDrug.set(drug, []).get(drug)!;
      list.push({ cell, unit: unit.toUpperCase(), kg: cell.value * factor });
    } else if (item === 'seizure_cases') cases.push({ cell, drug });
  }

  for (const [drug, parts] of byDrug) {
    parts.sort((a, b) => (a.unit === 'KG' ? -1 : b.unit === 'KG' ? 1 : a.cell.cellKey.localeCompare(b.cell.cellKey)));
    const arqKg = parts.reduce((s, p) => s + p.kg, 0);
    const sums = idsFor(drug, ids, input.drugs);
    const difference = sums.massKg - arqKg;
    const tolerance = Math.max(options.idsRelativeTolerance * Math.abs(arqKg), options.idsMinKg);
    if (Math.abs(difference) <= tolerance) continue;
    const name = drugName(drug);
    const reported =
      parts.length === 1 && parts[0]!.unit === 'KG'
        ? `${fmt(arqKg)} kg`
        : `${fmt(arqKg)} kg (${parts.map((p) => `${fmt(p.cell.value)} ${p.unit.toLowerCase()}`).join(' + ')})`;
    const share = arqKg !== 0 ? ` (${percent(difference, arqKg)} %)` : '';
    const records = `${plural(sums.massCases, RECORD, RECORDS)} of this drug ${sums.massCases === 1 ? 'adds' : 'add'} up to ${fmt(sums.massKg)} kg`;
    let message: string;
    if (sums.massCases === 0)
      message =
        ids.records === 1
          ? `${name} seized in ${year}: the ARQ reports ${reported}, but the country's only ${RECORD} of that year is not a seizure of this drug by weight.`
          : `${name} seized in ${year}: the ARQ reports ${reported}, but none of the country's ${plural(ids.records, RECORD, RECORDS)} of that year is a seizure of this drug by weight.`;
    else if (difference > 0)
      message = `${name} seized in ${year}: the ARQ reports ${reported}, but the ${records}, ${fmt(difference)} kg${share} more than the reported total.`;
    else
      message = `${name} seized in ${year}: the ARQ reports ${reported}; the ${records}, ${fmt(-difference)} kg${share} less (the IDS may cover only part of the seizures).`;
    findings.push({
      checkId: 'ids_vs_arq',
      cellKey: parts[0]!.cell.cellKey,
      // Individual records adding up to more than the total cannot both be right; less may be partial coverage.
      severity: difference > 0 ? 'warning' : 'info',
      message,
      details: {
        measure: 'kg',
        year,
        drug,
        arq: round(arqKg),
        ids: round(sums.massKg),
        difference: round(difference),
        tolerance: round(tolerance),
        units: parts.map((p) => p.unit).join('+'),
        idsRecordsOfDrug: sums.massCases,
        idsRecordsOfYear: ids.records,
      },
    });
  }

  for (const { cell, drug } of cases) {
    const sums = idsFor(drug, ids, input.drugs);
    const difference = sums.cases - cell.value;
    const tolerance = Math.max(options.idsRelativeTolerance * Math.abs(cell.value), options.idsMinCases);
    if (Math.abs(difference) <= tolerance) continue;
    const name = drugName(drug);
    const share = cell.value !== 0 ? ` (${percent(difference, cell.value)} %)` : '';
    const held = `the IDS holds ${plural(sums.cases, 'record', 'records')} of this drug for that year`;
    const message =
      difference > 0
        ? `${name} seizure cases in ${year}: the ARQ reports ${plural(cell.value, 'case', 'cases')}, but ${held}, ${fmt(difference)}${share} more than the reported total.`
        : `${name} seizure cases in ${year}: the ARQ reports ${plural(cell.value, 'case', 'cases')}; ${held}, ${fmt(-difference)}${share} fewer (the IDS may cover only part of the seizures).`;
    findings.push({
      checkId: 'ids_vs_arq',
      cellKey: cell.cellKey,
      severity: difference > 0 ? 'warning' : 'info',
      message,
      details: {
        measure: 'cases',
        year,
        drug,
        arq: cell.value,
        ids: sums.cases,
        difference,
        tolerance: round(tolerance),
        idsRecordsOfDrug: sums.cases,
        idsRecordsOfYear: ids.records,
      },
    });
  }
  return findings;
}

// ---------------------------------------------------------------- yoy_jump and history_outlier

/** The period before an annual period ('2023' → '2022'); null for other forms. */
export const previousPeriod = (period: string): string | null => (/^\d{4}$/.test(period) ? String(Number(period) - 1) : null);

const checkable = (cell: CellFigure, items: ReadonlyMap<string, ItemInfo> | undefined) => !items?.get(cell.item)?.readonly;
const floorFor = (cell: CellFigure, input: CheckInput, options: CheckOptions) =>
  input.items?.get(cell.item)?.type === 'percentage' ? options.minChangePercentage : options.minChange;

export function yoyJumps(input: CheckInput, options: CheckOptions = DEFAULT_OPTIONS): Finding[] {
  const prevPeriod = previousPeriod(input.period);
  if (!prevPeriod) return [];
  const previous = new Map(input.history.filter((h) => h.period === prevPeriod).map((h) => [h.cellKey, h.value]));
  const findings: Finding[] = [];
  for (const cell of input.cells) {
    const prev = previous.get(cell.cellKey);
    if (prev === undefined || !checkable(cell, input.items)) continue;
    const change = cell.value - prev;
    const relative = relativeChange(cell.value, prev, 1);
    const floor = floorFor(cell, input, options);
    if (relative <= options.yoyThreshold || Math.abs(change) <= floor) continue;
    const sign = change > 0 ? '+' : '-';
    const share = prev !== 0 ? `, ${sign}${percent(change, prev)} %` : '';
    findings.push({
      checkId: 'yoy_jump',
      cellKey: cell.cellKey,
      severity: 'warning',
      message:
        `${describeCell(cell.cellKey, input.items)}: ${fmt(cell.value)} in ${input.period} against ${fmt(prev)} accepted for ${prevPeriod} ` +
        `(${sign}${fmt(Math.abs(change))}${share}).`,
      details: {
        value: cell.value,
        previous: prev,
        previousPeriod: prevPeriod,
        change: round(change),
        relativeChange: prev !== 0 ? round(change / Math.abs(prev), 4) : null,
        threshold: options.yoyThreshold,
        minChange: floor,
      },
    });
  }
  return findings;
}

export function historyOutliers(input: CheckInput, options: CheckOptions = DEFAULT_OPTIONS): Finding[] {
  const earlier = new Map<string, HistoryFigure[]>();
  for (const h of input.history)
    if (h.period < input.period) (earlier.get(h.cellKey) ?? earlier.set(h.cellKey, []).get(h.cellKey)!).push(h);
  const findings: Finding[] = [];
  for (const cell of input.cells) {
    const hist = earlier.get(cell.cellKey);
    if (!hist || hist.length < options.outlierMinHistory || !checkable(cell, input.items)) continue;
    hist.sort((a, b) => a.period.localeCompare(b.period));
    const values = hist.map((h) => h.value);
    const m = median(values);
    const z = modifiedZ(cell.value, values);
    if (!(Math.abs(z) > options.outlierThreshold) || Math.abs(cell.value - m) <= floorFor(cell, input, options)) continue;
    const span = `${hist[0]!.period}–${hist[hist.length - 1]!.period}`;
    const mad = median(values.map((v) => Math.abs(v - m)));
    const basis = Number.isFinite(z)
      ? `median ${fmt(m)} over ${hist.length} years (${span}); modified z-score ${z.toFixed(1)}`
      : `every one of its ${hist.length} earlier years (${span}) reported ${fmt(m)}`;
    findings.push({
      checkId: 'history_outlier',
      cellKey: cell.cellKey,
      severity: 'info',
      message: `${describeCell(cell.cellKey, input.items)}: ${fmt(cell.value)} in ${input.period} is far from this country's accepted history (${basis}).`,
      details: {
        value: cell.value,
        median: round(m),
        mad: round(mad),
        z: Number.isFinite(z) ? round(z, 2) : null,
        historyYears: hist.length,
        from: hist[0]!.period,
        to: hist[hist.length - 1]!.period,
        threshold: options.outlierThreshold,
      },
    });
  }
  return findings;
}

/** Every check, in a stable order. */
export function runChecks(input: CheckInput, options: Partial<CheckOptions> = {}): Finding[] {
  const o = { ...DEFAULT_OPTIONS, ...options };
  return [...idsVsArq(input, o), ...yoyJumps(input, o), ...historyOutliers(input, o)];
}

// ---------------------------------------------------------------- re-runs

/** What the `details` column holds: the check's figures and the finding's follow-up bookkeeping. */
export interface StoredDetails {
  figures: FindingDetails;
  /** The message the finding had when it was last explained, resolved or dismissed. */
  followUp?: { message: string; at: string };
  /** Set when a run no longer finds a followed-up finding. */
  noLongerApplies?: { since: string };
}

export interface StoredFinding {
  id: string;
  checkId: string;
  cellKey: string;
  severity: string;
  message: string;
  state: string;
  details: StoredDetails;
}

export interface ReconcilePlan {
  insert: Finding[];
  /** Findings found again: new figures and message; state and note untouched. */
  update: Array<{ id: string; severity: FindingSeverity; message: string; details: StoredDetails }>;
  /** Open findings no longer found. */
  remove: string[];
  /** Followed-up findings no longer found: kept, marked. */
  markStale: Array<{ id: string; details: StoredDetails }>;
  /** Ids of findings left as they were. */
  unchanged: string[];
}

const keyOf = (checkId: string, cellKey: string) => `${checkId}\u0000${cellKey}`;

/** Reads a stored details value defensively (older or hand-written rows). */
export function storedDetails(raw: unknown): StoredDetails {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const figures = o['figures'] && typeof o['figures'] === 'object' ? (o['figures'] as FindingDetails) : {};
  const out: StoredDetails = { figures };
  const f = o['followUp'] as StoredDetails['followUp'] | undefined;
  if (f && typeof f.message === 'string') out.followUp = { message: f.message, at: String(f.at) };
  const n = o['noLongerApplies'] as StoredDetails['noLongerApplies'] | undefined;
  if (n && typeof n.since === 'string') out.noLongerApplies = { since: n.since };
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A re-run: findings found again keep their state and note (and their follow-up mark);
 * open findings no longer found go; explained, resolved or dismissed ones stay, marked as
 * no longer applying, so the follow-up is never lost.
 */
export function reconcile(existing: readonly StoredFinding[], computed: readonly Finding[], now: Date): ReconcilePlan {
  const plan: ReconcilePlan = { insert: [], update: [], remove: [], markStale: [], unchanged: [] };
  const stored = new Map(existing.map((f) => [keyOf(f.checkId, f.cellKey), f]));
  const seen = new Set<string>();
  for (const c of computed) {
    const key = keyOf(c.checkId, c.cellKey);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = stored.get(key);
    if (!old) {
      plan.insert.push(c);
      continue;
    }
    const details: StoredDetails = { figures: c.details };
    if (old.state !== 'open' && old.details.followUp) details.followUp = old.details.followUp;
    if (old.severity === c.severity && old.message === c.message && sameJson(old.details, details)) plan.unchanged.push(old.id);
    else plan.update.push({ id: old.id, severity: c.severity, message: c.message, details });
  }
  for (const old of existing) {
    if (seen.has(keyOf(old.checkId, old.cellKey))) continue;
    if (old.state === 'open') plan.remove.push(old.id);
    else if (old.details.noLongerApplies) plan.unchanged.push(old.id);
    else plan.markStale.push({ id: old.id, details: { ...old.details, noLongerApplies: { since: now.toISOString() } } });
  }
  return plan;
}
