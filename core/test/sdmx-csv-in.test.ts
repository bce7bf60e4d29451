/** SDMX-CSV 2.0 input: header forms, actions, validation of every record, and the round trip from csv-out. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Names } from '../src/api/common.js';
import type { CodeList } from '../src/definitions/model.js';
import type { Dataflow, Observation } from '../src/dissemination/model.js';
import { parseSdmxCsv, type CsvChange } from '../src/sdmx/csv-in.js';
import { sdmxCsvLines } from '../src/sdmx/csv-out.js';

const names = (en: string, fr: string, es: string, ru: string, ar: string, zh: string): Names => ({ en, fr, es, ru, ar, zh });
const country: CodeList = {
  id: 'country',
  version: 1,
  names: { en: 'Country' },
  codes: [
    { code: 'THA', names: names('Thailand', 'Thaïlande', 'Tailandia', 'Таиланд', 'تايلند', '泰国') },
    { code: 'MMR', names: names('Myanmar', 'Myanmar', 'Myanmar', 'Мьянма', 'ميانمار', '缅甸') },
    { code: 'KOR', names: { en: 'Korea, Republic of' } },
  ],
};
const drug: CodeList = {
  id: 'drug',
  version: 1,
  names: { en: 'Drug' },
  codes: [
    { code: 'HER', names: names('Heroin', 'Héroïne', 'Heroína', 'Героин', 'الهيروين', '海洛因') },
    { code: 'MET', names: { en: 'Methamphetamine: crystalline' } },
  ],
};
const conf: CodeList = {
  id: 'conf_status',
  version: 1,
  names: { en: 'Confidentiality' },
  codes: ['F', 'C', 'N'].map((code) => ({ code, names: { en: code } })),
};
const codeLists = new Map([country, drug, conf].map((l) => [l.id, l]));

const flow: Dataflow = {
  agency: 'OBS',
  id: 'SEIZURES',
  version: '1.0',
  names: names('Drug seizures', 'Saisies de drogues', 'Incautaciones', 'Изъятия', 'ضبطيات المخدرات', '毒品缉获量'),
  structure: {
    agency: 'OBS',
    id: 'DSD_SEIZURES',
    version: '1.0',
    names: { en: 'Seizures' },
    dimensions: [
      { id: 'COUNTRY', names: { en: 'Country' }, codeList: 'country' },
      { id: 'DRUG', names: { en: 'Drug' }, codeList: 'drug' },
    ],
    attributes: [
      { id: 'CONF_STATUS', names: { en: 'Confidentiality status' }, codeList: 'conf_status', attachment: 'observation' },
      { id: 'NOTE', names: { en: 'Note' }, attachment: 'observation' },
    ],
    measure: { id: 'OBS_VALUE', names: { en: 'Observation value' } },
  },
};

const HEADER = ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'COUNTRY', 'DRUG', 'TIME_PERIOD', 'OBS_VALUE', 'CONF_STATUS', 'NOTE'];
const ID = 'OBS:SEIZURES(1.0)';
const record = (action: string, key: string, period: string, value: string, confStatus = '', note = '') => [
  'dataflow',
  ID,
  action,
  ...key.split('.'),
  period,
  value,
  confStatus,
  note,
];
const parse = (rows: string[][]) => parseSdmxCsv(flow, rows, codeLists);

describe('reading records', () => {
  it('reads an ordinary file (values, suppression, free text)', () => {
    const result = parse([
      HEADER,
      record('I', 'THA.HER', '2021', '1234.5', 'F'),
      record('I', 'MMR.HER', '2021-06', '', 'C', 'suppressed, under 5'),
      record('A', 'THA.MET', '2020-12-31', '-0.25'),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual<CsvChange[]>([
      { row: 2, action: 'I', key: ['THA', 'HER'], period: '2021', value: 1234.5, attributes: { CONF_STATUS: 'F' } },
      {
        row: 3,
        action: 'I',
        key: ['MMR', 'HER'],
        period: '2021-06',
        value: null,
        attributes: { CONF_STATUS: 'C', NOTE: 'suppressed, under 5' },
      },
      { row: 4, action: 'A', key: ['THA', 'MET'], period: '2020-12-31', value: -0.25, attributes: {} },
    ]);
  });

  it('takes I when ACTION is absent or empty, and columns in any order (SDMX-CSV allows it for uploads)', () => {
    const result = parse([
      ['STRUCTURE', 'STRUCTURE_ID', 'OBS_VALUE', 'TIME_PERIOD', 'DRUG', 'COUNTRY'],
      ['dataflow', ID, '7', '2019', 'HER', 'KOR'],
    ]);
    expect(result.changes).toEqual([{ row: 2, action: 'I', key: ['KOR', 'HER'], period: '2019', value: 7, attributes: {} }]);
    expect(parse([HEADER, record('', 'THA.HER', '2021', '1')]).changes[0]!.action).toBe('I');
  });

  it('reads labels=both files: "ID: Label" headers, "CODE: Label" cells, "AGENCY:ID(VERSION): Name"', () => {
    const result = parse([
      [
        '\uFEFFSTRUCTURE[;]',
        'STRUCTURE_ID',
        'ACTION',
        'COUNTRY: البلد',
        'DRUG: 毒品',
        'TIME_PERIOD: Période',
        'OBS_VALUE: Valeur',
        'CONF_STATUS: Statut',
        'NOTE: Note',
      ],
      [
        'dataflow',
        `${ID}: ضبطيات المخدرات`,
        'I',
        'THA: تايلند',
        'MET: Methamphetamine: crystalline',
        '2021: 2021',
        '3',
        'F: Free',
        'a note: with a colon',
      ],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.changes[0]).toMatchObject({
      key: ['THA', 'MET'],
      period: '2021',
      value: 3,
      attributes: { CONF_STATUS: 'F', NOTE: 'a note: with a colon' },
    });
  });

  it('accepts SERIES_KEY and OBS_KEY columns when they agree with the dimensions', () => {
    const header = ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'SERIES_KEY', 'OBS_KEY', 'COUNTRY', 'DRUG', 'TIME_PERIOD', 'OBS_VALUE'];
    expect(parse([header, ['dataflow', ID, 'I', 'THA.HER', 'THA.HER.2021', 'THA', 'HER', '2021', '1']]).errors).toEqual([]);
    expect(parse([header, ['dataflow', ID, 'I', 'THA.MET', '', 'THA', 'HER', '2021', '1']]).errors).toMatchObject([
      { row: 2, field: 'SERIES_KEY' },
    ]);
  });

  it('reads reporting years and months as Gregorian periods', () => {
    const result = parse([HEADER, record('I', 'THA.HER', '2021-A1', '1'), record('I', 'THA.MET', '2021-M03', '1')]);
    expect(result.changes.map((c) => c.period)).toEqual(['2021', '2021-03']);
  });

  it('un-guards free text written with a leading apostrophe by csv-out', () => {
    expect(parse([HEADER, record('I', 'THA.HER', '2021', '1', '', "'=1+2")]).changes[0]!.attributes).toEqual({ NOTE: '=1+2' });
  });

  it('skips blank lines and counts rows as in the file', () => {
    const result = parse([HEADER, [''], record('I', 'THA.HER', '2021', 'x'), ['', '', '', '', '', '', '', '', '']]);
    expect(result.errors).toEqual([{ row: 3, field: 'OBS_VALUE', message: "'x' is not a number" }]);
  });
});

describe('actions', () => {
  it('A and M list only the attributes given (the others stay unchanged)', () => {
    const result = parse([HEADER, record('A', 'THA.HER', '2021', '1', 'F'), record('M', 'MMR.HER', '2021', '2', '', 'note')]);
    expect(result.changes.map((c) => [c.action, c.attributes])).toEqual([
      ['A', { CONF_STATUS: 'F' }],
      ['M', { NOTE: 'note' }],
    ]);
  });

  it('R replaces the whole observation: every attribute listed, null when empty', () => {
    const [change] = parse([HEADER, record('R', 'THA.HER', '2021', '1', 'F')]).changes;
    expect(change).toMatchObject({ action: 'R', attributes: { CONF_STATUS: 'F', NOTE: null } });
  });

  it('D deletes whole observations: no value, no attributes', () => {
    const result = parse([HEADER, record('D', 'THA.HER', '2021', ''), record('d', 'MMR.HER', '2021', '')]);
    expect(result.errors).toEqual([]);
    expect(result.changes.map((c) => [c.action, c.value, c.attributes])).toEqual([
      ['D', null, {}],
      ['D', null, {}],
    ]);
  });

  it('refuses partial deletions (cells marked -) and wildcarded keys', () => {
    const result = parse([
      HEADER,
      record('D', 'THA.HER', '2021', '-'),
      record('D', 'THA.HER', '2022', '', '-'),
      record('D', 'THA.', '2021', ''),
    ]);
    expect(result.changes).toEqual([]);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'OBS_VALUE'],
      [3, 'CONF_STATUS'],
      [4, 'DRUG'],
    ]);
    expect(result.errors[0]!.message).toContain('partial deletions are not supported');
    expect(result.errors[2]!.message).toContain('wildcarded deletions are not supported');
  });

  it('refuses unknown actions', () => {
    expect(parse([HEADER, record('X', 'THA.HER', '2021', '1')]).errors).toMatchObject([
      { row: 2, field: 'ACTION', message: "must be one of I, A, M, R, D, found 'X'" },
    ]);
  });
});

describe('validation', () => {
  it('refuses an empty OBS_VALUE unless an attribute says the value is missing', () => {
    const result = parse([
      HEADER,
      record('I', 'THA.HER', '2021', ''),
      record('I', 'MMR.HER', '2021', '', 'N'),
      record('R', 'KOR.HER', '2021', '', 'F'),
    ]);
    expect(result.changes.map((c) => c.row)).toEqual([3]);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'OBS_VALUE'],
      [4, 'OBS_VALUE'],
    ]);
    expect(result.errors[0]!.message).toContain('CONF_STATUS=C/D/N');
    // Other markers can be configured.
    const custom = parseSdmxCsv(flow, [HEADER, record('I', 'THA.HER', '2021', '', 'F')], codeLists, {
      missingValueMarkers: { CONF_STATUS: ['F'] },
    });
    expect(custom.errors).toEqual([]);
  });

  it('wants numbers with a decimal point', () => {
    const result = parse([
      HEADER,
      record('I', 'THA.HER', '2021', '1,5'),
      record('I', 'MMR.HER', '2021', '1 000'),
      record('I', 'KOR.HER', '2021', 'NaN'),
      record('I', 'THA.MET', '2021', '1.5e3'),
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      "'1,5' is not a number (use a decimal point, not a comma)",
      "'1 000' is not a number",
      "'NaN' is not a number",
    ]);
    expect(result.changes[0]!.value).toBe(1500);
  });

  it('checks codes, periods and the structure of every record, naming the column', () => {
    const result = parse([
      HEADER,
      record('I', 'XXX.HER', '2021', '1'),
      record('I', 'THA.HER', '2021-13', '1'),
      record('I', 'THA.HER', '2021-Q1', '1'),
      record('I', 'THA.MET', '2021', '1', 'Z'),
      ['dataflow', 'OBS:SEIZURES(2.0)', 'I', 'THA', 'HER', '2020', '1', '', ''],
      ['datastructure', ID, 'I', 'MMR', 'HER', '2020', '1', '', ''],
      ['dataflow', ID, 'I', 'THA'],
    ]);
    expect(result.errors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'COUNTRY', "unknown code 'XXX' (code list CL_COUNTRY)"],
      [3, 'TIME_PERIOD', "'2021-13' is not a period: use YYYY, YYYY-MM or YYYY-MM-DD"],
      [4, 'TIME_PERIOD', "'2021-Q1' is not a period: use YYYY, YYYY-MM or YYYY-MM-DD"],
      [5, 'CONF_STATUS', "unknown code 'Z' (code list CL_CONF_STATUS)"],
      [6, 'STRUCTURE_ID', `must be ${ID}, found 'OBS:SEIZURES(2.0)'`],
      [7, 'STRUCTURE', "must be 'dataflow', found 'datastructure'"],
      [8, 'row', 'has 4 cells but the header has 9'],
    ]);
  });

  it('refuses the same observation twice', () => {
    const result = parse([HEADER, record('I', 'THA.HER', '2021', '1'), record('D', 'THA.HER', '2021-A1', '')]);
    expect(result.errors).toEqual([{ row: 3, field: 'row', message: 'repeats the observation of row 2 (THA.HER 2021)' }]);
  });

  it('stops after maxErrors', () => {
    const rows = [HEADER, ...Array.from({ length: 50 }, () => record('I', 'XXX.HER', '2021', '1'))];
    const result = parseSdmxCsv(flow, rows, codeLists, { maxErrors: 10 });
    expect(result.errors).toHaveLength(11);
    expect(result.errors[10]!.message).toBe('stopped after 10 errors');
  });
});

describe('headers', () => {
  const headerErrors = (header: string[]) =>
    parse([header, record('I', 'THA.HER', '2021', '1')]).errors.map((e) => [e.row, e.field, e.message]);

  it('refuses unknown, repeated and missing columns', () => {
    expect(headerErrors([...HEADER, 'UNIT'])).toEqual([[1, 'UNIT', `unknown column 'UNIT': ${ID} has no component UNIT`]]);
    expect(headerErrors(['STRUCTURE', 'STRUCTURE_ID', 'COUNTRY', 'COUNTRY: Pays', 'OBS_VALUE'])).toEqual([
      [1, 'COUNTRY', 'column COUNTRY appears twice'],
      [1, 'DRUG', 'the dimension column DRUG is missing'],
      [1, 'TIME_PERIOD', 'the TIME_PERIOD column is missing'],
    ]);
  });

  it('wants STRUCTURE and STRUCTURE_ID first', () => {
    expect(headerErrors(['STRUCTURE_ID', 'STRUCTURE', ...HEADER.slice(2)]).map((e) => e[1])).toEqual(['STRUCTURE', 'STRUCTURE_ID']);
  });

  it('refuses layouts it does not read', () => {
    expect(headerErrors([...HEADER, 'STRUCTURE_NAME'])[0]![2]).toContain('labels=name');
    expect(headerErrors([...HEADER.slice(0, 8), 'NOTE[]'])[0]![2]).toContain('multi-valued');
  });

  it('reports an empty file', () => {
    expect(parse([]).errors).toEqual([{ row: 1, field: 'header', message: 'the file is empty' }]);
  });
});

/** RFC 4180 reader for the round trip (the server has its own). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('round trip csv-out → csv-in (property)', () => {
  const day = fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const period = fc.oneof(
    day.map((d) => d.slice(0, 4)),
    day.map((d) => d.slice(0, 7)),
    day,
  );
  const text = fc.string({
    unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', "'", ' ', ':', 'é', 'ع', '中', 'Ж'),
  });
  const observation: fc.Arbitrary<Observation> = fc
    .record({
      country: fc.constantFrom('THA', 'MMR', 'KOR'),
      drug: fc.constantFrom('HER', 'MET'),
      period,
      value: fc.option(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        { nil: null },
      ),
      note: text,
      deleted: fc.boolean(),
    })
    .map(({ country, drug, period, value, note, deleted }) =>
      deleted
        ? { key: [country, drug], period, value: null, attributes: {}, action: 'D' as const }
        : {
            key: [country, drug],
            period,
            value,
            attributes: { CONF_STATUS: value === null ? 'C' : 'F', ...(note === '' ? {} : { NOTE: note }) },
          },
    );

  it('gives back every observation, in every label mode and language', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(observation, { selector: (o) => `${o.key.join('.')} ${o.period}`, maxLength: 25 }),
        fc.constantFrom('id', 'both' as const),
        fc.constantFrom('en', 'fr', 'ar', 'zh' as const),
        (observations, labels, lang) => {
          const csv = [...sdmxCsvLines(flow, observations, { labels, lang, codeLists })].join('');
          const result = parse(parseCsv(csv));
          expect(result.errors).toEqual([]);
          expect(result.changes).toEqual(
            observations.map((o, i) => ({
              row: i + 2,
              action: o.action === 'D' ? 'D' : 'I',
              key: o.key,
              period: o.period,
              value: o.value,
              attributes: o.attributes,
            })),
          );
        },
      ),
    );
  });
});
