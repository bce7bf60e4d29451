/**
 * Records in core: how dates, quantities, countries and codes are read from what files
 * write, the non-nominal guard, and one record's validation end to end against the
 * shipped IDS, VRS and NPS definitions.
 */
import { describe, expect, it } from 'vitest';
import { CountryResolver, CodeResolver, COUNTRY_ALIASES, type UnitEntry } from '../src/records/resolve.js';
import { excelSerialToDate, parseDate, sniffDateOrder } from '../src/records/dates.js';
import { toKilograms, CONVERSION_VERSION } from '../src/records/units.js';
import { nominalHeader, nominalValue } from '../src/records/nominal.js';
import { createRecordValidator, fingerprintOf, type RecordContext } from '../src/records/validate.js';
import { SHIPPED_CODE_LISTS, SHIPPED_RECORD_DEFINITIONS } from '../src/definitions/shipped.js';
import type { CodeList } from '../src/definitions/model.js';

const list = (id: string): CodeList => {
  const l = SHIPPED_CODE_LISTS.find((c) => c.id === id);
  if (!l) throw new Error(`no code list ${id}`);
  return l;
};

const UNITS: UnitEntry[] = [
  {
    code: 'THA',
    iso2: 'TH',
    m49: '764',
    names: { en: 'Thailand', fr: 'Thaïlande', es: 'Tailandia', ru: 'Таиланд', ar: 'تايلند', zh: '泰国' },
  },
  { code: 'MMR', iso2: 'MM', m49: '104', names: { en: 'Myanmar', fr: 'Myanmar', es: 'Myanmar', ru: 'Мьянма', ar: 'ميانمار', zh: '缅甸' } },
  {
    code: 'LAO',
    iso2: 'LA',
    m49: '418',
    names: {
      en: "Lao People's Democratic Republic",
      fr: 'République démocratique populaire lao',
      es: 'República Democrática Popular Lao',
      ru: 'Лаосская Народно-Демократическая Республика',
      ar: 'جمهورية لاو الديمقراطية الشعبية',
      zh: '老挝人民民主共和国',
    },
    aliases: COUNTRY_ALIASES['LAO'],
  },
  {
    code: 'CIV',
    iso2: 'CI',
    m49: '384',
    names: { en: "Côte d'Ivoire", fr: "Côte d'Ivoire", es: "Côte d'Ivoire", ru: "Кот-д'Ивуар", ar: 'كوت ديفوار', zh: '科特迪瓦' },
    aliases: COUNTRY_ALIASES['CIV'],
  },
  { code: 'ITA', iso2: 'IT', m49: '380', names: { en: 'Italy', fr: 'Italie', es: 'Italia', ru: 'Италия', ar: 'إيطاليا', zh: '意大利' } },
  { code: 'LBY', iso2: 'LY', m49: '434', names: { en: 'Libya', fr: 'Libye', es: 'Libia', ru: 'Ливия', ar: 'ليبيا', zh: '利比亚' } },
];

describe('dates', () => {
  it('reads ISO, day-first, month-first, month names in several languages and Excel serials', () => {
    expect(parseDate('2024-03-14')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('2024-03-14T10:00:00Z')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('14/03/2024')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('03/14/2024', 'mdy')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('14.3.2024')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('14 mars 2024')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('14-Dic-2024')).toEqual({ ok: true, value: '2024-12-14' });
    expect(parseDate('March 14, 2024')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('20240314')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate(45365)).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate('45365')).toEqual({ ok: true, value: '2024-03-14' });
    expect(parseDate(new Date(Date.UTC(2024, 2, 14)))).toEqual({ ok: true, value: '2024-03-14' });
  });

  it('counts Excel serials across its fictional 29 February 1900', () => {
    expect(excelSerialToDate(1)).toEqual({ ok: true, value: '1900-01-01' });
    expect(excelSerialToDate(59)).toEqual({ ok: true, value: '1900-02-28' });
    expect(excelSerialToDate(60).ok).toBe(false);
    expect(excelSerialToDate(61)).toEqual({ ok: true, value: '1900-03-01' });
    expect(excelSerialToDate(1.5).ok).toBe(false);
  });

  it('refuses impossible and ambiguous dates with the reason', () => {
    expect(parseDate('2023-02-29')).toEqual({ ok: false, reason: 'day 29 does not exist in 2023-02' });
    expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('14/13/2024')).toMatchObject({ ok: false, reason: 'month 13 does not exist' });
    expect(parseDate('1/2/24')).toMatchObject({ ok: false, reason: expect.stringContaining('two-digit year') });
    expect(parseDate('14 Foo 2024')).toMatchObject({ ok: false, reason: '"Foo" is not a month' });
    expect(parseDate('next tuesday')).toMatchObject({ ok: false });
    expect(parseDate('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseDate('1850-01-01')).toMatchObject({ ok: false, reason: 'year 1850 is out of range' });
  });

  it('decides day-first or month-first from the whole sample, and says when it could not', () => {
    expect(sniffDateOrder(['01/02/2024', '25/02/2024'])).toEqual({ order: 'dmy', decided: true });
    expect(sniffDateOrder(['01/02/2024', '02/25/2024'])).toEqual({ order: 'mdy', decided: true });
    expect(sniffDateOrder(['01/02/2024', '03/04/2024'])).toEqual({ order: 'dmy', decided: false });
    // Contradictory files are not decided either: the report asks the user.
    expect(sniffDateOrder(['25/02/2024', '02/25/2024'])).toEqual({ order: 'dmy', decided: false });
    expect(sniffDateOrder(['2024-01-02'])).toEqual({ order: 'dmy', decided: true });
  });
});

describe('quantities', () => {
  it('converts masses exactly and counts only through a stated, versioned factor', () => {
    expect(toKilograms(2500, 'g', 'heroin')).toEqual({ massKg: 2.5, kgEquivalent: 2.5, basis: 'mass' });
    expect(toKilograms(20_000, 'tablets', 'yaba')).toEqual({ massKg: null, kgEquivalent: 2, basis: `factor:${CONVERSION_VERSION}` });
    // No factor for cocaine tablets or litres of anything: no kilogram figure is invented.
    expect(toKilograms(10, 'tablets', 'cocaine_hcl')).toEqual({ massKg: null, kgEquivalent: null, basis: null });
    expect(toKilograms(3, 'l', 'gbl')).toEqual({ massKg: null, kgEquivalent: null, basis: null });
  });
});

describe('resolving what files write', () => {
  const countries = new CountryResolver(UNITS);

  it('finds countries by ISO3, ISO2, M49, names in six languages and common aliases, ignoring case and accents', () => {
    for (const text of ['THA', 'th', '764', 'Thailand', 'thaïlande', 'Таиланд', '泰国', 'تايلند'])
      expect(countries.resolve(text), text).toEqual({ ok: true, code: 'THA' });
    expect(countries.resolve('Laos')).toEqual({ ok: true, code: 'LAO' });
    expect(countries.resolve('Cote d’Ivoire'.replace('’', "'"))).toEqual({ ok: true, code: 'CIV' });
    expect(countries.resolve('Ivory Coast')).toEqual({ ok: true, code: 'CIV' });
  });

  it('suggests a near miss but never guesses', () => {
    const r = countries.resolve('Thailnd');
    expect(r).toEqual({ ok: false, reason: 'unknown country "Thailnd" (did you mean THA, Thailand?)' });
    expect(countries.resolve('Atlantis')).toEqual({ ok: false, reason: 'unknown country "Atlantis"' });
  });

  it('prefers codes over synonyms over labels', () => {
    const drugs = new CodeResolver(list('drug'));
    expect(drugs.resolve('cocaine')).toEqual({ ok: true, code: 'cocaine_hcl' });
    expect(drugs.resolve('Héroïne')).toEqual({ ok: true, code: 'heroin' });
    expect(drugs.resolve('PCP')).toEqual({ ok: true, code: 'pcp' });
    expect(drugs.resolve('Ketamine')).toEqual({ ok: true, code: 'ketamine_type' });
    const units = new CodeResolver(list('quantity_unit'));
    expect(units.resolve('KG')).toEqual({ ok: true, code: 'kg' });
  });
});

describe('the non-nominal guard', () => {
  it('refuses columns that hold personal identifiers, in several languages', () => {
    expect(nominalHeader('Passport No.')).toBe('a passport number');
    expect(nominalHeader('Nombre')).toBe('a person’s name');
    expect(nominalHeader('Date of birth')).toBe('a date of birth');
    expect(nominalHeader('Teléfono')).toBe('a phone number');
    expect(nominalHeader('Place')).toBeNull();
    expect(nominalHeader('Number of migrants')).toBeNull();
  });

  it('refuses free text that contains an identifier', () => {
    expect(nominalValue('contact smuggler at x.y@example.org')).toBe('it contains an e-mail address');
    expect(nominalValue('called +218 91 234 5678 before leaving')).toBe('it contains a phone number');
    expect(nominalValue('holder of passport no. A1234567')).toBe('it contains a passport or identity number');
    expect(nominalValue('boat of 12 m, 45 people, departed 03:00')).toBeNull();
  });
});

function context(collection: string, extra: Partial<RecordContext> = {}): RecordContext {
  const definition = SHIPPED_RECORD_DEFINITIONS.find((d) => d.collection === collection)!;
  return {
    definition,
    codeLists: new Map(SHIPPED_CODE_LISTS.map((l) => [l.id, l])),
    countries: new CountryResolver(UNITS),
    decimal: '.',
    dateOrder: 'dmy',
    today: '2026-11-26',
    ...extra,
  };
}

describe('one record', () => {
  it('normalises a seizure and derives its kilograms', () => {
    const validate = createRecordValidator(context('ids'));
    const r = validate({
      seizure_date: '03/01/2024',
      drug: 'Yaba',
      quantity: '20000',
      unit: 'Tablets',
      origin: 'Myanmar',
      transit: 'LAO; Thailand',
      destination: 'ITA',
      handling: 'H1',
    });
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({
      seizure_date: '2024-01-03',
      drug: 'yaba',
      quantity: 20000,
      unit: 'tablets',
      origin: 'MMR',
      transit: ['LAO', 'THA'],
      destination: 'ITA',
      handling: 'H1',
      mass_kg: null,
      kg_equivalent: 2,
      kg_basis: `factor:${CONVERSION_VERSION}`,
    });
  });

  it('names every field that is wrong, with a reason a provider can act on', () => {
    const validate = createRecordValidator(context('ids'));
    const r = validate({
      seizure_date: '2027-01-01',
      drug: 'cocaïne base',
      quantity: '-3',
      unit: 'bags',
      origin: 'Atlantis',
      accuracy: '7',
    });
    const byField = Object.fromEntries(r.problems.map((p) => [p.field, p.code]));
    expect(byField).toMatchObject({
      seizure_date: expect.any(String),
      quantity: expect.any(String),
      unit: expect.any(String),
      origin: expect.any(String),
      accuracy: expect.any(String),
    });
    expect(r.problems.find((p) => p.field === 'seizure_date')!.message).toMatch(/future|after/);
    for (const p of r.problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it('reads decimal commas when the file uses them', () => {
    const validate = createRecordValidator(context('ids', { decimal: ',' }));
    const r = validate({ seizure_date: '2024-01-03', drug: 'heroin', quantity: '1.250,5', unit: 'g' });
    expect(r.problems).toEqual([]);
    expect(r.values['quantity']).toBe(1250.5);
    expect(r.values['mass_kg']).toBeCloseTo(1.2505, 10);
  });

  it('applies cross-field rules: a fee needs its currency and basis; a count is needed', () => {
    const validate = createRecordValidator(context('vrs'));
    const r = validate({ incident_ref: 'R-1', incident_date: '2024-05-01', migrants_citizenship: 'LBY', fee_amount: '1500' });
    const fields = r.problems.map((p) => p.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['fee_currency', 'fee_basis']));
    expect(r.problems.some((p) => p.code === 'at_least_one' || p.message.includes('count'))).toBe(true);
    const ok = validate({
      incident_ref: 'R-1',
      incident_date: '2024-05-01',
      migrants_citizenship: 'LBY',
      fee_amount: '1500',
      fee_currency: 'USD',
      fee_basis: 'PER_PERSON',
      migrants_men: '12',
    });
    expect(ok.problems).toEqual([]);
  });

  it('refuses identifiers in the free text of a non-nominal collection', () => {
    const validate = createRecordValidator(context('vrs'));
    const r = validate({
      incident_ref: 'R-2',
      incident_date: '2024-05-01',
      migrants_citizenship: 'LBY',
      migrants_men: '3',
      remarks: 'organiser passport A12345678',
    });
    expect(r.problems).toEqual([expect.objectContaining({ field: 'remarks', code: 'nominal_data' })]);
  });

  it('keeps subject details to biological samples in NPS reports', () => {
    const validate = createRecordValidator(context('nps'));
    const base = {
      laboratory: 'Lab 1',
      identification_date: '2024-02-02',
      substance: 'N-ethylpentylone',
      chemical_group: 'SYNTH_CATHINONES',
    };
    const seized = validate({ ...base, matrix: 'SEIZED', subject_sex: 'M' });
    expect(seized.problems.map((p) => p.field)).toEqual(['subject_sex']);
    const blood = validate({ ...base, matrix: 'BIOLOGICAL', subject_sex: 'M' });
    expect(blood.problems).toEqual([]);
  });

  it('fingerprints the same record identically whatever its spelling in the file', () => {
    const validate = createRecordValidator(context('ids'));
    const def = SHIPPED_RECORD_DEFINITIONS.find((d) => d.collection === 'ids')!;
    const a = validate({ seizure_date: '03/01/2024', drug: 'heroin', quantity: '2', unit: 'kg', destination: 'Italy' });
    const b = validate({ seizure_date: '2024-01-03', drug: 'Héroïne', quantity: '2.0', unit: 'KG', destination: 'ITA' });
    const c = validate({ seizure_date: '2024-01-03', drug: 'heroin', quantity: '2.5', unit: 'kg', destination: 'ITA' });
    expect(fingerprintOf(def, a.values)).toBe(fingerprintOf(def, b.values));
    expect(fingerprintOf(def, a.values)).not.toBe(fingerprintOf(def, c.values));
  });
});
