/** SDMX-CSV 2.0 output: header, labels in six languages, RFC 4180 quoting, formula guard, suppression, deletions. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Names } from '../src/api/common.js';
import type { CodeList } from '../src/definitions/model.js';
import type { Dataflow, Observation } from '../src/dissemination/model.js';
import { csvField, guardFormula, unguardFormula } from '../src/sdmx/csv-cells.js';
import { createSdmxCsvWriter, sdmxCsvLines, sdmxCsvLinesAsync } from '../src/sdmx/csv-out.js';

const names = (en: string, fr: string, es: string, ru: string, ar: string, zh: string): Names => ({ en, fr, es, ru, ar, zh });
const country: CodeList = {
  id: 'country',
  version: 1,
  names: names('Country', 'Pays', 'País', 'Страна', 'البلد', '国家'),
  codes: [
    { code: 'THA', names: names('Thailand', 'Thaïlande', 'Tailandia', 'Таиланд', 'تايلند', '泰国') },
    { code: 'CIV', names: names("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire", "Кот-д'Ивуар", 'كوت ديفوار', '科特迪瓦') },
    { code: 'KOR', names: { en: 'Korea, Republic of', fr: 'République de Corée' } },
  ],
};
const drug: CodeList = {
  id: 'drug',
  version: 2,
  names: names('Drug', 'Drogue', 'Droga', 'Наркотик', 'المخدر', '毒品'),
  codes: [
    { code: 'HER', names: names('Heroin', 'Héroïne', 'Heroína', 'Героин', 'الهيروين', '海洛因') },
    { code: 'CAN', names: { en: '"Cannabis" herb' } },
  ],
};
const conf: CodeList = {
  id: 'conf_status',
  version: 1,
  names: { en: 'Confidentiality' },
  codes: [
    { code: 'F', names: { en: 'Free' } },
    { code: 'C', names: { en: 'Confidential', fr: 'Confidentiel' } },
  ],
};
const codeLists = new Map([country, drug, conf].map((l) => [l.id, l]));

const flow: Dataflow = {
  agency: 'OBS',
  id: 'SEIZURES',
  version: '1.0',
  names: names('Drug seizures', 'Saisies de drogues', 'Incautaciones de drogas', 'Изъятия наркотиков', 'ضبطيات المخدرات', '毒品缉获量'),
  structure: {
    agency: 'OBS',
    id: 'DSD_SEIZURES',
    version: '1.0',
    names: { en: 'Seizures' },
    dimensions: [
      { id: 'COUNTRY', names: country.names, codeList: 'country' },
      { id: 'DRUG', names: drug.names, codeList: 'drug' },
    ],
    attributes: [
      {
        id: 'CONF_STATUS',
        names: { en: 'Confidentiality status', fr: 'Statut de confidentialité' },
        codeList: 'conf_status',
        attachment: 'observation',
      },
      { id: 'SOURCE', names: { en: 'Source' }, attachment: 'series' },
    ],
    measure: { id: 'OBS_VALUE', names: names('Observation value', "Valeur de l'observation", 'Valor', 'Значение', 'القيمة', '观测值') },
  },
};

const obs = (
  key: string,
  period: string,
  value: number | null,
  attributes: Record<string, string | null> = {},
  action?: 'D',
): Observation => ({
  key: key.split('.'),
  period,
  value,
  attributes,
  ...(action ? { action } : {}),
});

const write = (observations: Observation[], options: Parameters<typeof sdmxCsvLines>[2] = {}) => [
  ...sdmxCsvLines(flow, observations, { codeLists, ...options }),
];

/** RFC 4180 reader for the tests (the server has its own). */
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

describe('SDMX-CSV header and records', () => {
  it('writes STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, TIME_PERIOD, OBS_VALUE, the attributes', () => {
    const lines = write([obs('THA.HER', '2021', 1234.5, { CONF_STATUS: 'F', SOURCE: 'Annual report questionnaire' })]);
    expect(lines).toEqual([
      'STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,DRUG,TIME_PERIOD,OBS_VALUE,CONF_STATUS,SOURCE\r\n',
      'dataflow,OBS:SEIZURES(1.0),I,THA,HER,2021,1234.5,F,Annual report questionnaire\r\n',
    ]);
  });

  it('writes only the header for an empty answer', () => {
    expect(write([])).toEqual(['STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,DRUG,TIME_PERIOD,OBS_VALUE,CONF_STATUS,SOURCE\r\n']);
  });

  it('keeps negative, tiny and huge numbers as numbers', () => {
    const lines = write([
      obs('THA.HER', '2021', -42.75),
      obs('THA.CAN', '2021', 1e-7),
      obs('CIV.HER', '2021', 1e21),
      obs('CIV.CAN', '2021', -0),
    ]);
    expect(lines.slice(1).map((l) => parseCsv(l)[0]![6])).toEqual(['-42.75', '1e-7', '1e+21', '0']);
  });

  it('leaves OBS_VALUE empty for suppressed observations and keeps their attributes', () => {
    expect(write([obs('THA.HER', '2021-06', null, { CONF_STATUS: 'C' })])[1]).toBe('dataflow,OBS:SEIZURES(1.0),I,THA,HER,2021-06,,C,\r\n');
  });

  it('writes deletions with ACTION D and nothing but the key, so the whole observation goes', () => {
    expect(write([obs('THA.HER', '2021', 5, { CONF_STATUS: 'F', SOURCE: 'x' }, 'D')])[1]).toBe(
      'dataflow,OBS:SEIZURES(1.0),D,THA,HER,2021,,,\r\n',
    );
  });

  it('refuses an observation whose key does not fit the structure', () => {
    expect(() => write([obs('THA', '2021', 1)])).toThrow(/2 dimensions/);
  });
});

describe('quoting and the formula guard', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    const line = write([obs('THA.HER', '2021', 1, { SOURCE: 'Police, customs and "others"\r\nsee annex' })])[1]!;
    expect(parseCsv(line)[0]![8]).toBe('Police, customs and "others"\r\nsee annex');
  });

  it('guards free text that a spreadsheet would run as a formula, reversibly', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx', "'quoted"]) {
      expect(guardFormula(text)).toBe(`'${text}`);
      expect(unguardFormula(guardFormula(text))).toBe(text);
    }
    for (const text of ['ok', 'a=b', '', "it's"]) expect(guardFormula(text)).toBe(text);
    const line = write([obs('THA.HER', '2021', -5, { SOURCE: '=cmd|calc' })])[1]!;
    expect(parseCsv(line)[0]!.slice(6)).toEqual(['-5', '', "'=cmd|calc"]);
  });
});

describe('labels=both', () => {
  it('writes "ID: Name" headers and "CODE: Name" cells in the requested language (French)', () => {
    const [header, line] = write([obs('THA.HER', '2021', 10, { CONF_STATUS: 'C', SOURCE: 'Rapport' })], { labels: 'both', lang: 'fr' });
    expect(parseCsv(header!)[0]).toEqual([
      'STRUCTURE',
      'STRUCTURE_ID',
      'ACTION',
      'COUNTRY: Pays',
      'DRUG: Drogue',
      'TIME_PERIOD: Période',
      "OBS_VALUE: Valeur de l'observation",
      'CONF_STATUS: Statut de confidentialité',
      'SOURCE: Source', // no French name: English
    ]);
    expect(parseCsv(line!)[0]).toEqual([
      'dataflow',
      'OBS:SEIZURES(1.0): Saisies de drogues',
      'I',
      'THA: Thaïlande',
      'HER: Héroïne',
      '2021',
      '10',
      'C: Confidentiel',
      'Rapport',
    ]);
  });

  it('writes Arabic and Chinese labels, and falls back to English', () => {
    const arabic = write([obs('CIV.CAN', '2021', 1)], { labels: 'both', lang: 'ar' })[1]!;
    expect(parseCsv(arabic)[0]!.slice(1, 5)).toEqual([
      'OBS:SEIZURES(1.0): ضبطيات المخدرات',
      'I',
      'CIV: كوت ديفوار',
      'CAN: "Cannabis" herb',
    ]);
    const chinese = write([obs('THA.HER', '2021', 1)], { labels: 'both', lang: 'zh' });
    expect(parseCsv(chinese[0]!)[0]![5]).toBe('TIME_PERIOD: 时间段');
    expect(parseCsv(chinese[1]!)[0]!.slice(3, 5)).toEqual(['THA: 泰国', 'HER: 海洛因']);
  });

  it('quotes labels with commas and reports the languages used', () => {
    const writer = createSdmxCsvWriter(flow, { labels: 'both', lang: 'es', codeLists });
    expect(writer.line(obs('KOR.HER', '2021', 1))).toContain('"KOR: Korea, Republic of"');
    expect(writer.languages()).toEqual(['es', 'en']);
  });

  it('writes codes missing from the code list as they are', () => {
    expect(parseCsv(write([obs('XXX.HER', '2021', 1)], { labels: 'both' })[1]!)[0]![3]).toBe('XXX');
  });
});

describe('streaming', () => {
  it('writes lazily from a generator and from an async iterable', async () => {
    let produced = 0;
    function* many() {
      for (let i = 0; i < 100_000; i++) {
        produced++;
        yield obs('THA.HER', String(1900 + (i % 100)), i);
      }
    }
    const lines = sdmxCsvLines(flow, many(), { codeLists });
    lines.next();
    lines.next();
    expect(produced).toBe(1);

    async function* cursor() {
      yield obs('THA.HER', '2020', 1);
      yield obs('CIV.HER', '2021', 2);
    }
    const out: string[] = [];
    for await (const l of sdmxCsvLinesAsync(flow, cursor(), { codeLists })) out.push(l);
    expect(out).toHaveLength(3);
    expect(out[2]).toBe('dataflow,OBS:SEIZURES(1.0),I,CIV,HER,2021,2,,\r\n');
  });

  it('gives every record as many fields as the header, whatever the text (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', '-', ' ', 'é', 'ع', '中', "'") });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null })), { maxLength: 10 }),
        fc.constantFrom('id', 'both' as const),
        (rows, labels) => {
          const csv = write(
            rows.map(([source, value]) => obs('THA.HER', '2021', value, { SOURCE: source })),
            { labels },
          ).join('');
          const parsed = parseCsv(csv);
          expect(parsed).toHaveLength(rows.length + 1);
          for (const [i, r] of parsed.entries()) {
            expect(r).toHaveLength(9);
            if (i > 0) expect(unguardFormula(r[8]!)).toBe(rows[i - 1]![0]);
          }
        },
      ),
    );
  });
});
