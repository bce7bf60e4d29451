/** SDMX-JSON 2.0 data messages: fields of the 2.0.0 field guide, attribute levels, deletions, index invariants. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Names } from '../src/api/common.js';
import type { CodeList } from '../src/definitions/model.js';
import type { Dataflow, Observation } from '../src/dissemination/model.js';
import { sdmxJsonData, SDMX_JSON_DATA_SCHEMA, type SdmxJsonAttributeValue, type SdmxJsonDataMessage } from '../src/sdmx/json-out.js';

const names = (en: string, fr: string, es: string, ru: string, ar: string, zh: string): Names => ({ en, fr, es, ru, ar, zh });
const country: CodeList = {
  id: 'country',
  version: 1,
  names: { en: 'Country' },
  codes: [
    { code: 'THA', names: names('Thailand', 'Thaïlande', 'Tailandia', 'Таиланд', 'تايلند', '泰国') },
    { code: 'MMR', names: names('Myanmar', 'Myanmar', 'Myanmar', 'Мьянма', 'ميانمار', '缅甸') },
    { code: 'LAO', names: { en: "Lao People's Democratic Republic" } },
  ],
};
const drug: CodeList = {
  id: 'drug',
  version: 1,
  names: { en: 'Drug' },
  codes: [
    { code: 'HER', names: names('Heroin', 'Héroïne', 'Heroína', 'Героин', 'الهيروين', '海洛因') },
    { code: 'MET', names: names('Methamphetamine', 'Méthamphétamine', 'Metanfetamina', 'Метамфетамин', 'الميثامفيتامين', '甲基苯丙胺') },
  ],
};
const sex: CodeList = {
  id: 'sex',
  version: 1,
  names: { en: 'Sex' },
  codes: ['T', 'F', 'M'].map((code) => ({ code, names: { en: code } })),
};
const conf: CodeList = {
  id: 'conf_status',
  version: 1,
  names: { en: 'Confidentiality' },
  codes: [
    { code: 'F', names: { en: 'Free', fr: 'Libre' } },
    { code: 'C', names: { en: 'Confidential' } },
  ],
};
const unit: CodeList = {
  id: 'unit',
  version: 1,
  names: { en: 'Unit' },
  codes: [
    { code: 'KG', names: { en: 'Kilograms', zh: '千克' } },
    { code: 'NUM', names: { en: 'Number' } },
  ],
};
const codeLists = new Map([country, drug, sex, conf, unit].map((l) => [l.id, l]));

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
      { id: 'COUNTRY', names: names('Country', 'Pays', 'País', 'Страна', 'البلد', '国家'), codeList: 'country' },
      { id: 'DRUG', names: names('Drug', 'Drogue', 'Droga', 'Наркотик', 'المخدر', '毒品'), codeList: 'drug' },
      { id: 'SEX', names: { en: 'Sex' }, codeList: 'sex' },
    ],
    attributes: [
      { id: 'SOURCE', names: { en: 'Source' }, attachment: 'dataset' },
      { id: 'UNIT', names: { en: 'Unit' }, codeList: 'unit', attachment: 'series' },
      { id: 'CONF_STATUS', names: { en: 'Confidentiality status' }, codeList: 'conf_status', attachment: 'observation' },
      { id: 'NOTE', names: { en: 'Note' }, attachment: 'observation' },
    ],
    measure: { id: 'OBS_VALUE', names: { en: 'Observation value', fr: "Valeur de l'observation" } },
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
const prepared = new Date('2024-05-01T12:00:00Z');
const write = (observations: Observation[], lang: 'en' | 'fr' | 'ar' | 'zh' = 'en') =>
  sdmxJsonData(flow, observations, { lang, codeLists, id: 'IREF000123', prepared });

/**
 * Checks the structural invariants and rebuilds the observations from the indexes: every index
 * points at an existing value, series keys follow the dimension order, each observation once.
 */
function readBack(message: SdmxJsonDataMessage): Observation[] {
  const [structure] = message.data.structures;
  expect(message.data.structures).toHaveLength(1);
  const s = structure!;
  expect(s.dimensions.series.map((d) => [d.id, d.keyPosition])).toEqual(flow.structure.dimensions.map((d, i) => [d.id, i]));
  const time = s.dimensions.observation[0]!;
  expect([time.id, time.keyPosition]).toEqual(['TIME_PERIOD', flow.structure.dimensions.length]);
  expect(s.dataSets).toEqual(message.data.dataSets.map((_, i) => i));
  const valueOf = (v: SdmxJsonAttributeValue) => ('id' in v ? v.id : v.value);
  const at = (values: SdmxJsonAttributeValue[] | undefined, index: number | null | undefined) => {
    if (index === null || index === undefined) return null;
    expect(Number.isInteger(index) && index >= 0 && index < values!.length).toBe(true);
    return valueOf(values![index]!);
  };
  const out: Observation[] = [];
  for (const ds of message.data.dataSets) {
    expect(ds.structure).toBe(0);
    expect(ds.links[0]).toEqual({ rel: 'dataflow', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=OBS:SEIZURES(1.0)' });
    const attributes: Record<string, string | null> = {};
    s.attributes.dataSet.forEach((a, j) => (attributes[a.id] = at(a.values, ds.attributes?.[j])));
    for (const [seriesKey, series] of Object.entries(ds.series)) {
      const positions = seriesKey.split(':').map(Number);
      expect(positions).toHaveLength(s.dimensions.series.length);
      const key = positions.map((p, i) => {
        const values = s.dimensions.series[i]!.values;
        expect(p >= 0 && p < values.length).toBe(true);
        return values[p]!.id;
      });
      const seriesAttributes = { ...attributes };
      s.attributes.series.forEach((a, j) => (seriesAttributes[a.id] = at(a.values, series.attributes?.[j])));
      for (const [t, array] of Object.entries(series.observations)) {
        const period = time.values[Number(t)]!.id;
        if (ds.action === 'Delete') {
          expect(array).toEqual([]);
          out.push(obs(key.join('.'), period, null, {}, 'D'));
          continue;
        }
        expect(array).toHaveLength(1 + s.attributes.observation.length);
        const all = { ...seriesAttributes };
        s.attributes.observation.forEach((a, j) => (all[a.id] = at(a.values, array[j + 1])));
        out.push(obs(key.join('.'), period, array[0]!, Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null))));
      }
    }
  }
  return out;
}

const sortObs = (list: Observation[]) =>
  [...list].sort((a, b) => `${a.key.join('.')} ${a.period}`.localeCompare(`${b.key.join('.')} ${b.period}`));

describe('SDMX-JSON data message', () => {
  const sample = [
    obs('THA.MET.T', '2021', 10.5, { SOURCE: 'ARQ', UNIT: 'KG', CONF_STATUS: 'F' }),
    obs('THA.MET.T', '2020', -1, { SOURCE: 'ARQ', UNIT: 'KG', CONF_STATUS: 'F' }),
    obs('MMR.HER.F', '2021', null, { SOURCE: 'ARQ', UNIT: 'NUM', CONF_STATUS: 'C', NOTE: 'fewer than 5' }),
  ];

  it('has the meta of the 2.0.0 field guide', () => {
    expect(write(sample).meta).toEqual({
      schema: SDMX_JSON_DATA_SCHEMA,
      id: 'IREF000123',
      test: false,
      prepared: '2024-05-01T12:00:00.000Z',
      contentLanguages: ['en'],
      sender: { id: 'OBS' },
    });
    expect(SDMX_JSON_DATA_SCHEMA).toContain('/data-message/tools/schemas/2.0.0/');
  });

  it('describes dimensions, time, measure and attributes with the values present', () => {
    const s = write(sample).data.structures[0]!;
    expect(s.links).toEqual([
      { rel: 'dataflow', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=OBS:SEIZURES(1.0)' },
      { rel: 'datastructure', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=OBS:DSD_SEIZURES(1.0)' },
    ]);
    expect(s.dimensions.dataSet).toEqual([]);
    expect(s.dimensions.series).toEqual([
      {
        id: 'COUNTRY',
        name: 'Country',
        keyPosition: 0,
        values: [
          { id: 'THA', name: 'Thailand' },
          { id: 'MMR', name: 'Myanmar' },
        ],
      },
      {
        id: 'DRUG',
        name: 'Drug',
        keyPosition: 1,
        values: [
          { id: 'HER', name: 'Heroin' },
          { id: 'MET', name: 'Methamphetamine' },
        ],
      },
      {
        id: 'SEX',
        name: 'Sex',
        keyPosition: 2,
        values: [
          { id: 'T', name: 'T' },
          { id: 'F', name: 'F' },
        ],
      },
    ]);
    expect(s.dimensions.observation).toEqual([
      {
        id: 'TIME_PERIOD',
        name: 'Time period',
        keyPosition: 3,
        roles: ['TIME_PERIOD'],
        values: [
          { id: '2020', name: '2020', start: '2020-01-01T00:00:00Z', end: '2020-12-31T23:59:59Z' },
          { id: '2021', name: '2021', start: '2021-01-01T00:00:00Z', end: '2021-12-31T23:59:59Z' },
        ],
      },
    ]);
    expect(s.measures).toEqual({ observation: [{ id: 'OBS_VALUE', name: 'Observation value' }] });
    expect(s.attributes).toEqual({
      dataSet: [{ id: 'SOURCE', name: 'Source', relationship: { dataflow: {} }, values: [{ value: 'ARQ' }] }],
      series: [
        {
          id: 'UNIT',
          name: 'Unit',
          relationship: { dimensions: ['COUNTRY', 'DRUG', 'SEX'] },
          values: [
            { id: 'KG', name: 'Kilograms' },
            { id: 'NUM', name: 'Number' },
          ],
        },
      ],
      observation: [
        {
          id: 'CONF_STATUS',
          name: 'Confidentiality status',
          relationship: { observation: {} },
          values: [
            { id: 'F', name: 'Free' },
            { id: 'C', name: 'Confidential' },
          ],
        },
        { id: 'NOTE', name: 'Note', relationship: { observation: {} }, values: [{ value: 'fewer than 5' }] },
      ],
    });
    expect(s.dataSets).toEqual([0]);
  });

  it('keys series by value indexes in dimension order and observations by TIME_PERIOD index', () => {
    const [ds] = write(sample).data.dataSets;
    expect(ds).toEqual({
      structure: 0,
      action: 'Information',
      links: [{ rel: 'dataflow', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=OBS:SEIZURES(1.0)' }],
      attributes: [0],
      series: {
        '0:1:0': { attributes: [0], observations: { '0': [-1, 0, null], '1': [10.5, 0, null] } },
        // Suppressed: no value, CONF_STATUS = C (index 1) and the note.
        '1:0:1': { attributes: [1], observations: { '1': [null, 1, 0] } },
      },
    });
  });

  it('names things in the requested language and lists the languages used', () => {
    const arabic = write(sample, 'ar');
    expect(arabic.data.structures[0]!.name).toBe('ضبطيات المخدرات');
    expect(arabic.data.structures[0]!.dimensions.series[0]!.values).toEqual([
      { id: 'THA', name: 'تايلند' },
      { id: 'MMR', name: 'ميانمار' },
    ]);
    expect(arabic.data.structures[0]!.dimensions.observation[0]!.name).toBe('الفترة الزمنية');
    expect(arabic.meta.contentLanguages).toEqual(['ar', 'en']); // SEX and the attributes fell back
    const chinese = write([obs('LAO.MET.T', '2021', 1, { UNIT: 'KG' })], 'zh');
    expect(chinese.data.structures[0]!.dimensions.series[1]!.values).toEqual([{ id: 'MET', name: '甲基苯丙胺' }]);
    expect(chinese.data.structures[0]!.dimensions.series[0]!.values).toEqual([{ id: 'LAO', name: "Lao People's Democratic Republic" }]);
    expect(chinese.data.structures[0]!.attributes.series[0]!.values).toEqual([{ id: 'KG', name: '千克' }]);
  });

  it('presents attributes one level lower when their values vary where the structure promised one', () => {
    const s = write([
      obs('THA.MET.T', '2020', 1, { SOURCE: 'ARQ', UNIT: 'KG' }),
      obs('THA.MET.T', '2021', 2, { SOURCE: 'ARQ', UNIT: 'NUM' }),
      obs('MMR.MET.T', '2021', 3, { SOURCE: 'Police' }),
    ]);
    const st = s.data.structures[0]!;
    expect(st.attributes.dataSet).toEqual([]);
    expect(st.attributes.series.map((a) => [a.id, a.relationship])).toEqual([['SOURCE', { dataflow: {} }]]);
    expect(st.attributes.observation.map((a) => [a.id, a.relationship])).toEqual([
      ['UNIT', { dimensions: ['COUNTRY', 'DRUG', 'SEX'] }],
      ['CONF_STATUS', { observation: {} }],
      ['NOTE', { observation: {} }],
    ]);
    expect(s.data.dataSets[0]!.series['1:0:0']).toEqual({ attributes: [1], observations: { '1': [3, null, null, null] } });
  });

  it('leaves out the values of attributes that have none and shows null', () => {
    const st = write([obs('THA.MET.T', '2020', 1)]).data.structures[0]!;
    expect(st.attributes.dataSet).toEqual([{ id: 'SOURCE', name: 'Source', relationship: { dataflow: {} } }]);
    expect(write([obs('THA.MET.T', '2020', 1)]).data.dataSets[0]!.attributes).toEqual([null]);
  });

  it('puts deletions in a Delete data set, after the Information one when mixed', () => {
    const mixed = write([obs('THA.MET.T', '2021', 1, { SOURCE: 'ARQ' }), obs('MMR.HER.F', '2019', null, {}, 'D')]);
    expect(mixed.data.dataSets.map((d) => d.action)).toEqual(['Information', 'Delete']);
    expect(mixed.data.structures[0]!.dataSets).toEqual([0, 1]);
    expect(mixed.data.dataSets[1]).toEqual({
      structure: 0,
      action: 'Delete',
      links: mixed.data.dataSets[0]!.links,
      series: { '1:0:1': { observations: { '0': [] } } }, // MMR is second in its code list
    });
    const only = write([obs('MMR.HER.F', '2019', 4, { CONF_STATUS: 'F' }, 'D')]);
    expect(only.data.dataSets.map((d) => d.action)).toEqual(['Delete']);
    expect(only.data.dataSets[0]!.series).toEqual({ '0:0:0': { observations: { '0': [] } } });
  });

  it('writes an empty answer with empty value lists (the server should prefer 204)', () => {
    const empty = write([]);
    expect(empty.data.structures[0]!.dimensions.series.every((d) => d.values.length === 0)).toBe(true);
    expect(empty.data.dataSets).toMatchObject([{ action: 'Information', series: {} }]);
    expect(readBack(empty)).toEqual([]);
  });

  it('refuses duplicate observations, keys of the wrong length and bad message ids', () => {
    expect(() => write([obs('THA.MET.T', '2021', 1), obs('THA.MET.T', '2021', 2)])).toThrow(/given twice/);
    expect(() => write([obs('THA.MET', '2021', 1)])).toThrow(/3 dimensions/);
    expect(() => sdmxJsonData(flow, [], { lang: 'en', id: 'not valid!', prepared })).toThrow(/meta.id/);
  });

  it('names codes missing from the code lists by their code', () => {
    const st = sdmxJsonData(flow, [obs('XXX.MET.T', '2021-06', 1)], { lang: 'en', id: 'x', prepared }).data.structures[0]!;
    expect(st.dimensions.series[0]!.values).toEqual([{ id: 'XXX', name: 'XXX' }]);
    expect(st.dimensions.observation[0]!.values[0]).toMatchObject({ start: '2021-06-01T00:00:00Z', end: '2021-06-30T23:59:59Z' });
  });

  it('keeps every index valid and every observation exactly once (property)', () => {
    const text = fc.constantFrom('ARQ', 'Police', 'a, "quoted" note', 'ملاحظة', '注释');
    const observation = fc.record({
      country: fc.constantFrom('THA', 'MMR', 'LAO'),
      drug: fc.constantFrom('HER', 'MET'),
      sex: fc.constantFrom('T', 'F', 'M'),
      period: fc.oneof(fc.integer({ min: 2000, max: 2024 }).map(String), fc.constantFrom('2021-01', '2021-02', '2020-12-31')),
      // -0 is written as 0: JSON cannot tell them apart.
      value: fc.option(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        { nil: null },
      ),
      source: fc.option(text, { nil: undefined }),
      unit: fc.option(fc.constantFrom('KG', 'NUM'), { nil: undefined }),
      conf: fc.option(fc.constantFrom('F', 'C'), { nil: undefined }),
      note: fc.option(text, { nil: undefined }),
      deleted: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(observation, { selector: (o) => `${o.country}.${o.drug}.${o.sex} ${o.period}`, maxLength: 40 }),
        fc.constantFrom('en', 'fr', 'ar', 'zh' as const),
        (rows, lang) => {
          const input = rows.map((r) => {
            const given: Record<string, string | undefined> = { SOURCE: r.source, UNIT: r.unit, CONF_STATUS: r.conf, NOTE: r.note };
            const attributes: Record<string, string> = {};
            for (const [id, v] of Object.entries(given)) if (v !== undefined) attributes[id] = v;
            return r.deleted
              ? obs(`${r.country}.${r.drug}.${r.sex}`, r.period, null, {}, 'D')
              : obs(`${r.country}.${r.drug}.${r.sex}`, r.period, r.value, attributes);
          });
          const message = write(input, lang);
          expect(sortObs(readBack(message))).toEqual(sortObs(input));
          // Only values present in the answer are listed.
          const st = message.data.structures[0]!;
          st.dimensions.series.forEach((d, i) => expect(new Set(d.values.map((v) => v.id))).toEqual(new Set(input.map((o) => o.key[i]))));
          expect(new Set(st.dimensions.observation[0]!.values.map((v) => v.id))).toEqual(new Set(input.map((o) => o.period)));
          expect(JSON.parse(JSON.stringify(message))).toEqual(message);
        },
      ),
    );
  });
});
