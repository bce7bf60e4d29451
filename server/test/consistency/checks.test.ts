/** The checks as pure functions: figures as countries report them, and the edges reviewers trip over. */
import { describe, expect, it } from 'vitest';
import {
  historyOutliers,
  idsVsArq,
  previousPeriod,
  reconcile,
  runChecks,
  storedDetails,
  yoyJumps,
  type CheckInput,
  type DrugInfo,
  type Finding,
  type ItemInfo,
  type StoredFinding,
} from '../../src/consistency/checks.js';

const kg = (drug: string, unit = 'KG') => `seizure_quantity|drug=${drug}|seizure_unit=${unit}`;
const cases = (drug: string) => `seizure_cases|drug=${drug}`;
const cell = (cellKey: string, value: number) => ({ cellKey, item: cellKey.split('|')[0]!, value });

const DRUGS: ReadonlyMap<string, DrugInfo> = new Map([
  ['G_COCAINE', { name: 'Cocaine-type', parent: null }],
  ['SG_COCAINE', { name: 'Cocaine', parent: 'G_COCAINE' }],
  ['cocaine_hcl', { name: 'Cocaine hydrochloride', parent: 'SG_COCAINE' }],
  ['crack', { name: 'Crack cocaine', parent: 'SG_COCAINE' }],
  ['heroin', { name: 'Heroin', parent: 'SG_OPIATES' }],
  ['methamphetamine', { name: 'Methamphetamine', parent: 'SG_METHAMPHETAMINE' }],
]);

const ITEMS: ReadonlyMap<string, ItemInfo> = new Map([
  ['seizure_quantity', { label: 'Quantity seized', type: 'number', readonly: false }],
  ['seizure_cases', { label: 'Seizure cases', type: 'integer', readonly: false }],
  ['prevalence_annual', { label: 'Annual prevalence', type: 'percentage', readonly: false }],
  ['seizures_kg_published', { label: 'Seizures (kg), as published', type: 'number', readonly: true }],
]);

function arq(over: Partial<CheckInput>): CheckInput {
  return { collection: 'arq', period: '2023', cells: [], history: [], ids: null, items: ITEMS, drugs: DRUGS, ...over };
}

const only = (findings: Finding[]) => {
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe('ids_vs_arq', () => {
  it('flags IDS records adding up to more than the ARQ total, as a warning naming both figures', () => {
    const f = only(
      idsVsArq(
        arq({
          cells: [cell(kg('heroin'), 250)],
          ids: { records: 51, byDrug: [{ drug: 'heroin', cases: 38, massCases: 38, massKg: 312.5 }] },
        }),
      ),
    );
    expect(f).toMatchObject({ checkId: 'ids_vs_arq', cellKey: kg('heroin'), severity: 'warning' });
    expect(f.message).toBe(
      'Heroin seized in 2023: the ARQ reports 250 kg, but the 38 individual seizure (IDS) records of this drug add up to 312.5 kg, 62.5 kg (25 %) more than the reported total.',
    );
    expect(f.details).toMatchObject({ arq: 250, ids: 312.5, difference: 62.5, tolerance: 25, idsRecordsOfDrug: 38, idsRecordsOfYear: 51 });
  });

  it('reports an ARQ total well above the IDS sum as information: the IDS may be partial', () => {
    const f = only(
      idsVsArq(
        arq({
          cells: [cell(kg('cocaine_hcl'), 1840)],
          ids: { records: 12, byDrug: [{ drug: 'cocaine_hcl', cases: 12, massCases: 12, massKg: 1205.75 }] },
        }),
      ),
    );
    expect(f.severity).toBe('info');
    expect(f.message).toContain('the ARQ reports 1,840 kg; the 12 individual seizure (IDS) records of this drug add up to 1,205.75 kg');
    expect(f.message).toContain('634.25 kg (34 %) less');
  });

  it('stays quiet within 10 % of the ARQ figure, and within 1 kg for small totals', () => {
    const ids = (massKg: number) => ({ records: 5, byDrug: [{ drug: 'heroin', cases: 5, massCases: 5, massKg }] });
    expect(idsVsArq(arq({ cells: [cell(kg('heroin'), 1200)], ids: ids(1085) }))).toEqual([]);
    expect(idsVsArq(arq({ cells: [cell(kg('heroin'), 1200)], ids: ids(1075) }))).toHaveLength(1);
    expect(idsVsArq(arq({ cells: [cell(kg('heroin'), 3)], ids: ids(3.9) }))).toEqual([]);
    expect(idsVsArq(arq({ cells: [cell(kg('heroin'), 3)], ids: ids(4.2) }))).toHaveLength(1);
    // Tolerances are parameters.
    expect(
      idsVsArq(arq({ cells: [cell(kg('heroin'), 1200)], ids: ids(1085) }), { ...defaults(), idsRelativeTolerance: 0.05 }),
    ).toHaveLength(1);
  });

  it('converts grams to kilograms, and adds a drug’s gram and kilogram cells together', () => {
    const ids = { records: 9, byDrug: [{ drug: 'methamphetamine', cases: 9, massCases: 9, massKg: 2.5 }] };
    expect(idsVsArq(arq({ cells: [cell(kg('methamphetamine', 'G'), 2500)], ids }))).toEqual([]);
    const both = { records: 9, byDrug: [{ drug: 'methamphetamine', cases: 9, massCases: 9, massKg: 14 }] };
    const f = only(idsVsArq(arq({ cells: [cell(kg('methamphetamine', 'G'), 500), cell(kg('methamphetamine'), 10)], ids: both })));
    expect(f.cellKey).toBe(kg('methamphetamine'));
    expect(f.message).toContain('the ARQ reports 10.5 kg (10 kg + 500 g)');
    expect(f.details).toMatchObject({ arq: 10.5, ids: 14, units: 'KG+G' });
  });

  it('ignores units that are not masses (litres, tablets, plants)', () => {
    const ids = { records: 3, byDrug: [{ drug: 'heroin', cases: 3, massCases: 0, massKg: 0 }] };
    const cells = [cell(kg('heroin', 'L'), 40), cell(kg('heroin', 'UNIT'), 9000), cell(kg('heroin', 'PLANT'), 12)];
    expect(idsVsArq(arq({ cells, ids }))).toEqual([]);
  });

  it('compares nothing when the country has no IDS records for the year', () => {
    const cells = [cell(kg('heroin'), 250), cell(cases('heroin'), 40)];
    expect(idsVsArq(arq({ cells, ids: { records: 0, byDrug: [] } }))).toEqual([]);
    expect(idsVsArq(arq({ cells, ids: null }))).toEqual([]);
  });

  it('says so when the year has IDS records but none of the drug by weight', () => {
    const f = only(
      idsVsArq(
        arq({ cells: [cell(kg('heroin'), 250)], ids: { records: 12, byDrug: [{ drug: 'crack', cases: 12, massCases: 12, massKg: 3 }] } }),
      ),
    );
    expect(f.severity).toBe('info');
    expect(f.message).toBe(
      "Heroin seized in 2023: the ARQ reports 250 kg, but none of the country's 12 individual seizure (IDS) records of that year is a seizure of this drug by weight.",
    );
    expect(f.details).toMatchObject({ ids: 0, idsRecordsOfDrug: 0, idsRecordsOfYear: 12 });
  });

  it('compares seizure cases with the number of IDS records of the drug, whatever their unit', () => {
    const ids = { records: 70, byDrug: [{ drug: 'heroin', cases: 55, massCases: 49, massKg: 250 }] };
    const f = only(idsVsArq(arq({ cells: [cell(cases('heroin'), 40)], ids })));
    expect(f).toMatchObject({ cellKey: cases('heroin'), severity: 'warning' });
    expect(f.message).toBe(
      'Heroin seizure cases in 2023: the ARQ reports 40 cases, but the IDS holds 55 records of this drug for that year, 15 (38 %) more than the reported total.',
    );
    expect(idsVsArq(arq({ cells: [cell(cases('heroin'), 52)], ids }))).toEqual([]);
  });

  it('counts the records of a group’s members against an ARQ figure given for the group', () => {
    const ids = {
      records: 30,
      byDrug: [
        { drug: 'cocaine_hcl', cases: 20, massCases: 20, massKg: 60 },
        { drug: 'crack', cases: 10, massCases: 10, massKg: 40 },
      ],
    };
    expect(idsVsArq(arq({ cells: [cell(kg('SG_COCAINE'), 100), cell(kg('G_COCAINE'), 100), cell(cases('SG_COCAINE'), 30)], ids }))).toEqual(
      [],
    );
    // Without the code list's hierarchy the group would have no records at all.
    expect(idsVsArq(arq({ cells: [cell(kg('SG_COCAINE'), 100)], ids, drugs: new Map() }))).toHaveLength(1);
  });

  it('applies to ARQ submissions only', () => {
    const ids = { records: 5, byDrug: [{ drug: 'heroin', cases: 5, massCases: 5, massKg: 900 }] };
    expect(idsVsArq(arq({ collection: 'cts', cells: [cell(kg('heroin'), 250)], ids }))).toEqual([]);
  });
});

const defaults = () => ({
  idsRelativeTolerance: 0.1,
  idsMinKg: 1,
  idsMinCases: 1,
  yoyThreshold: 0.5,
  minChange: 5,
  minChangePercentage: 1,
  outlierThreshold: 3.5,
  outlierMinHistory: 4,
});

describe('yoy_jump', () => {
  const prev = (cellKey: string, value: number, period = '2022') => ({ cellKey, period, value });

  it('flags a jump of more than 50 % from the previous year’s accepted value, with both figures', () => {
    const f = only(yoyJumps(arq({ cells: [cell(kg('heroin'), 900)], history: [prev(kg('heroin'), 250)] })));
    expect(f).toMatchObject({ checkId: 'yoy_jump', severity: 'warning' });
    expect(f.message).toBe('Quantity seized (drug heroin, seizure_unit KG): 900 in 2023 against 250 accepted for 2022 (+650, +260 %).');
    expect(f.details).toMatchObject({ value: 900, previous: 250, previousPeriod: '2022', change: 650, relativeChange: 2.6 });
  });

  it('flags falls as well as rises', () => {
    const f = only(yoyJumps(arq({ cells: [cell(cases('heroin'), 200)], history: [prev(cases('heroin'), 800)] })));
    expect(f.message).toBe('Seizure cases (drug heroin): 200 in 2023 against 800 accepted for 2022 (-600, -75 %).');
  });

  it('does not flag small absolute changes (1 → 2) nor moderate relative ones (100 → 140)', () => {
    expect(yoyJumps(arq({ cells: [cell(kg('heroin'), 2)], history: [prev(kg('heroin'), 1)] }))).toEqual([]);
    expect(yoyJumps(arq({ cells: [cell(kg('heroin'), 140)], history: [prev(kg('heroin'), 100)] }))).toEqual([]);
    expect(yoyJumps(arq({ cells: [cell(kg('heroin'), 151)], history: [prev(kg('heroin'), 100)] }))).toHaveLength(1);
  });

  it('handles a previous value of zero: no percentage, but a large enough change is flagged', () => {
    const f = only(yoyJumps(arq({ cells: [cell(kg('heroin'), 40)], history: [prev(kg('heroin'), 0)] })));
    expect(f.message).toBe('Quantity seized (drug heroin, seizure_unit KG): 40 in 2023 against 0 accepted for 2022 (+40).');
    expect(f.details.relativeChange).toBeNull();
    expect(yoyJumps(arq({ cells: [cell(kg('heroin'), 3)], history: [prev(kg('heroin'), 0)] }))).toEqual([]);
  });

  it('compares with the year just before only', () => {
    expect(yoyJumps(arq({ cells: [cell(kg('heroin'), 900)], history: [prev(kg('heroin'), 250, '2021')] }))).toEqual([]);
    expect(previousPeriod('2023')).toBe('2022');
    expect(previousPeriod('2023-Q1')).toBeNull();
  });

  it('uses percentage points as the floor for percentages, and skips the office’s read-only items', () => {
    const p = 'prevalence_annual|drug_prevalence=G_CANNABIS|sex=T|age_prevalence=Y15T64|estimate=BEST';
    expect(yoyJumps(arq({ cells: [cell(p, 1.3)], history: [prev(p, 0.4)] }))).toEqual([]);
    expect(yoyJumps(arq({ cells: [cell(p, 2.4)], history: [prev(p, 0.8)] }))).toHaveLength(1);
    const published = 'seizures_kg_published|drug=heroin';
    expect(yoyJumps(arq({ cells: [cell(published, 900)], history: [prev(published, 250)] }))).toEqual([]);
  });
});

describe('history_outlier', () => {
  const years = (cellKey: string, values: Record<string, number>) =>
    Object.entries(values).map(([period, value]) => ({ cellKey, period, value }));
  const herb = kg('cannabis_herb');
  const sixYears = years(herb, { '2017': 310, '2018': 280, '2019': 295, '2020': 330, '2021': 305, '2022': 290 });

  it('flags a value far from the country’s accepted history (|modified z| > 3.5), naming median, span and score', () => {
    const f = only(historyOutliers(arq({ cells: [cell(herb, 2400)], history: sixYears })));
    expect(f).toMatchObject({ checkId: 'history_outlier', severity: 'info' });
    expect(f.message).toBe(
      "Quantity seized (drug cannabis_herb, seizure_unit KG): 2,400 in 2023 is far from this country's accepted history (median 300 over 6 years (2017–2022); modified z-score 141.6).",
    );
    expect(f.details).toMatchObject({ value: 2400, median: 300, mad: 10, historyYears: 6, from: '2017', to: '2022' });
    expect(f.details.z).toBeCloseTo(141.645, 1);
  });

  it('leaves values inside the history alone (z 2.7 at 340, flagged at 360)', () => {
    expect(historyOutliers(arq({ cells: [cell(herb, 340)], history: sixYears }))).toEqual([]);
    expect(historyOutliers(arq({ cells: [cell(herb, 360)], history: sixYears }))).toHaveLength(1);
  });

  it('needs at least four earlier periods; later periods do not count', () => {
    const short = years(herb, { '2020': 330, '2021': 305, '2022': 290 });
    expect(historyOutliers(arq({ cells: [cell(herb, 2400)], history: short }))).toEqual([]);
    const withLater = [...short, ...years(herb, { '2024': 300, '2025': 310 })];
    expect(historyOutliers(arq({ cells: [cell(herb, 2400)], history: withLater }))).toEqual([]);
    const four = years(herb, { '2019': 295, '2020': 330, '2021': 305, '2022': 290 });
    expect(historyOutliers(arq({ cells: [cell(herb, 2400)], history: four }))).toHaveLength(1);
  });

  it('handles a constant history: the same value is fine, a small change too, a real change is flagged', () => {
    const flat = years(herb, { '2019': 100, '2020': 100, '2021': 100, '2022': 100 });
    expect(historyOutliers(arq({ cells: [cell(herb, 100)], history: flat }))).toEqual([]);
    expect(historyOutliers(arq({ cells: [cell(herb, 103)], history: flat }))).toEqual([]);
    const f = only(historyOutliers(arq({ cells: [cell(herb, 180)], history: flat })));
    expect(f.message).toContain('every one of its 4 earlier years (2019–2022) reported 100');
    expect(f.details.z).toBeNull();
  });
});

describe('runChecks', () => {
  it('runs the three checks together, on the definition’s cells', () => {
    const herb = kg('cannabis_herb');
    const history = ['2018', '2019', '2020', '2021', '2022'].map((period, i) => ({ cellKey: herb, period, value: 300 + i * 5 }));
    const found = runChecks(
      arq({
        cells: [cell(herb, 2400)],
        history,
        ids: { records: 4, byDrug: [{ drug: 'cannabis_herb', cases: 4, massCases: 4, massKg: 2100 }] },
      }),
    );
    expect(found.map((f) => f.checkId)).toEqual(['ids_vs_arq', 'yoy_jump', 'history_outlier']);
  });
});

describe('reconcile (re-runs)', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const finding = (cellKey: string, message: string, checkId: Finding['checkId'] = 'yoy_jump'): Finding => ({
    checkId,
    cellKey,
    severity: 'warning',
    message,
    details: { value: 1 },
  });
  const stored = (id: string, f: Finding, state: string, extra: Partial<StoredFinding['details']> = {}): StoredFinding => ({
    id,
    checkId: f.checkId,
    cellKey: f.cellKey,
    severity: f.severity,
    message: f.message,
    state,
    details: { figures: f.details, ...extra },
  });

  it('inserts new findings, updates those found again without touching their state, removes open ones no longer found', () => {
    const a = finding('a', 'A: 900 against 250');
    const b = finding('b', 'B: 60 against 20');
    const c = finding('c', 'C');
    const plan = reconcile(
      [stored('1', a, 'open'), stored('2', { ...b, message: 'B: 50 against 20' }, 'open'), stored('3', finding('gone', 'x'), 'open')],
      [a, b, c],
      now,
    );
    expect(plan.insert).toEqual([c]);
    expect(plan.update).toEqual([{ id: '2', severity: 'warning', message: 'B: 60 against 20', details: { figures: { value: 1 } } }]);
    expect(plan.unchanged).toEqual(['1']);
    expect(plan.remove).toEqual(['3']);
  });

  it('keeps followed-up findings no longer found, marked once, and clears the mark when they come back', () => {
    const a = finding('a', 'A');
    const followUp = { message: 'A', at: '2026-03-01T00:00:00.000Z' };
    const plan = reconcile([stored('1', a, 'explained', { followUp }), stored('2', finding('b', 'B'), 'dismissed')], [], now);
    expect(plan.remove).toEqual([]);
    expect(plan.markStale).toEqual([
      { id: '1', details: { figures: { value: 1 }, followUp, noLongerApplies: { since: now.toISOString() } } },
      { id: '2', details: { figures: { value: 1 }, noLongerApplies: { since: now.toISOString() } } },
    ]);
    const again = reconcile([stored('1', a, 'explained', { followUp, noLongerApplies: { since: '2026-03-01T00:00:00.000Z' } })], [], now);
    expect(again.markStale).toEqual([]);
    expect(again.unchanged).toEqual(['1']);
    const back = reconcile([stored('1', a, 'resolved', { followUp, noLongerApplies: { since: '2026-03-01T00:00:00.000Z' } })], [a], now);
    expect(back.update).toEqual([{ id: '1', severity: 'warning', message: 'A', details: { figures: { value: 1 }, followUp } }]);
  });

  it('reads stored details defensively', () => {
    expect(storedDetails(null)).toEqual({ figures: {} });
    expect(storedDetails({ figures: { a: 1 }, followUp: { message: 'm', at: 'x' }, stray: 1 })).toEqual({
      figures: { a: 1 },
      followUp: { message: 'm', at: 'x' },
    });
  });
});
