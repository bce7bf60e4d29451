/** SDMX-JSON 2.0 structure messages: dataflows, data structures (with concept schemes) and code lists. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LANGUAGES, type Names } from '../src/api/common.js';
import type { CodeList } from '../src/definitions/model.js';
import type { Dataflow } from '../src/dissemination/model.js';
import { sdmxJsonStructure, SDMX_JSON_STRUCTURE_SCHEMA } from '../src/sdmx/structure-json.js';
import { codeListId, codeListUrn } from '../src/sdmx/urn.js';

const names = (en: string, fr: string, es: string, ru: string, ar: string, zh: string): Names => ({ en, fr, es, ru, ar, zh });
const drug: CodeList = {
  id: 'drug',
  version: 3,
  names: names('Drugs', 'Drogues', 'Drogas', 'Наркотики', 'المخدرات', '毒品'),
  codes: [
    { code: 'OPI', names: names('Opioids', 'Opioïdes', 'Opioides', 'Опиоиды', 'المواد الأفيونية', '阿片类') },
    { code: 'HER', names: names('Heroin', 'Héroïne', 'Heroína', 'Героин', 'الهيروين', '海洛因'), parent: 'OPI' },
    { code: 'CAN', names: { en: 'Cannabis' } },
  ],
};
const province: CodeList = {
  id: 'province',
  version: 1,
  names: { en: 'Province' },
  codes: [{ code: 'TH_10', names: { en: 'Bangkok', ar: 'بانكوك' }, parent: 'THA' }], // THA is not in this list
};
const conf: CodeList = { id: 'conf_status', version: 1, names: { en: 'Confidentiality' }, codes: [{ code: 'F', names: { en: 'Free' } }] };
const codeLists = new Map([drug, province, conf].map((l) => [l.id, l]));

const flow: Dataflow = {
  agency: 'OBS',
  id: 'SEIZURES',
  version: '1.0',
  names: names('Drug seizures', 'Saisies de drogues', 'Incautaciones de drogas', 'Изъятия наркотиков', 'ضبطيات المخدرات', '毒品缉获量'),
  descriptions: { en: 'Seizures reported by Member States', fr: 'Saisies déclarées par les États Membres' },
  structure: {
    agency: 'OBS',
    id: 'DSD_SEIZURES',
    version: '1.0',
    names: { en: 'Seizures structure' },
    dimensions: [
      { id: 'PROVINCE', names: { en: 'Province', zh: '省' }, codeList: 'province' },
      { id: 'DRUG', names: names('Drug', 'Drogue', 'Droga', 'Наркотик', 'المخدر', '毒品'), codeList: 'drug' },
      { id: 'SEIZURE_ID', names: { en: 'Seizure' } },
    ],
    attributes: [
      { id: 'SOURCE', names: { en: 'Source' }, attachment: 'dataset' },
      { id: 'UNIT', names: { en: 'Unit' }, attachment: 'series' },
      { id: 'CONF_STATUS', names: { en: 'Confidentiality status' }, codeList: 'conf_status', attachment: 'observation' },
    ],
    measure: { id: 'OBS_VALUE', names: { en: 'Observation value' } },
  },
};
const prepared = new Date('2024-05-01T12:00:00Z');
const write = (lang: 'en' | 'fr' | 'ar' | 'zh' | 'ru' | 'es' = 'en', allLanguages = false) =>
  sdmxJsonStructure(
    { dataflows: [flow], dataStructures: [flow.structure], codeLists: [drug, province] },
    { lang, allLanguages, id: 'STRUCT_1', prepared, codeLists },
  );

describe('identifiers', () => {
  it('names code lists CL_ + the upper-cased id, version major.minor', () => {
    expect(codeListId('drug')).toBe('CL_DRUG');
    expect(codeListId('test.sex')).toBe('CL_TEST_SEX');
    expect(codeListUrn(drug)).toBe('urn:sdmx:org.sdmx.infomodel.codelist.Codelist=OBS:CL_DRUG(3.0)');
  });
});

describe('SDMX-JSON structure message', () => {
  it('has the meta of the 2.0.0 field guide', () => {
    expect(write().meta).toEqual({
      schema: SDMX_JSON_STRUCTURE_SCHEMA,
      id: 'STRUCT_1',
      test: false,
      prepared: '2024-05-01T12:00:00.000Z',
      contentLanguages: ['en'],
      sender: { id: 'OBS' },
    });
    expect(SDMX_JSON_STRUCTURE_SCHEMA).toContain('/structure-message/tools/schemas/2.0.0/');
  });

  it('describes dataflows with a self link and the URN of their structure', () => {
    expect(write('fr').data.dataflows).toEqual([
      {
        id: 'SEIZURES',
        agencyID: 'OBS',
        version: '1.0',
        name: 'Saisies de drogues',
        description: 'Saisies déclarées par les États Membres',
        links: [{ rel: 'self', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=OBS:SEIZURES(1.0)' }],
        structure: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=OBS:DSD_SEIZURES(1.0)',
      },
    ]);
  });

  it('describes data structures: ordered dimensions, TIME_PERIOD, attributes, OBS_VALUE', () => {
    const [dsd] = write().data.dataStructures!;
    const concept = (id: string) => `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=OBS:CS_DSD_SEIZURES(1.0).${id}`;
    expect(dsd).toEqual({
      id: 'DSD_SEIZURES',
      agencyID: 'OBS',
      version: '1.0',
      name: 'Seizures structure',
      links: [{ rel: 'self', urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=OBS:DSD_SEIZURES(1.0)' }],
      dataStructureComponents: {
        dimensionList: {
          id: 'DimensionDescriptor',
          dimensions: [
            {
              id: 'PROVINCE',
              position: 0,
              conceptIdentity: concept('PROVINCE'),
              localRepresentation: { enumeration: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=OBS:CL_PROVINCE(1.0)' },
            },
            {
              id: 'DRUG',
              position: 1,
              conceptIdentity: concept('DRUG'),
              localRepresentation: { enumeration: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=OBS:CL_DRUG(3.0)' },
            },
            {
              id: 'SEIZURE_ID',
              position: 2,
              conceptIdentity: concept('SEIZURE_ID'),
              localRepresentation: { format: { dataType: 'String' } },
            },
          ],
          timeDimension: {
            id: 'TIME_PERIOD',
            conceptIdentity: concept('TIME_PERIOD'),
            localRepresentation: { format: { dataType: 'GregorianTimePeriod' } },
          },
        },
        attributeList: {
          id: 'AttributeDescriptor',
          attributes: [
            {
              id: 'SOURCE',
              usage: 'optional',
              attributeRelationship: { dataflow: {} },
              conceptIdentity: concept('SOURCE'),
              localRepresentation: { format: { dataType: 'String' } },
            },
            {
              id: 'UNIT',
              usage: 'optional',
              attributeRelationship: { dimensions: ['PROVINCE', 'DRUG', 'SEIZURE_ID'] },
              conceptIdentity: concept('UNIT'),
              localRepresentation: { format: { dataType: 'String' } },
            },
            {
              id: 'CONF_STATUS',
              usage: 'optional',
              attributeRelationship: { observation: {} },
              conceptIdentity: concept('CONF_STATUS'),
              localRepresentation: { enumeration: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=OBS:CL_CONF_STATUS(1.0)' },
            },
          ],
        },
        measureList: {
          id: 'MeasureDescriptor',
          measures: [
            {
              id: 'OBS_VALUE',
              conceptIdentity: concept('OBS_VALUE'),
              localRepresentation: { format: { dataType: 'Double' } },
              usage: 'optional',
            },
          ],
        },
      },
    });
  });

  it('sends the concept scheme its components refer to, with the concept names', () => {
    const [scheme] = write('zh').data.conceptSchemes!;
    expect(scheme).toMatchObject({ id: 'CS_DSD_SEIZURES', agencyID: 'OBS', version: '1.0', isPartial: false });
    expect(scheme!.links[0]!.urn).toBe('urn:sdmx:org.sdmx.infomodel.conceptscheme.ConceptScheme=OBS:CS_DSD_SEIZURES(1.0)');
    expect(scheme!.concepts).toEqual([
      { id: 'PROVINCE', name: '省' },
      { id: 'DRUG', name: '毒品' },
      { id: 'SEIZURE_ID', name: 'Seizure' },
      { id: 'TIME_PERIOD', name: '时间段' },
      { id: 'OBS_VALUE', name: 'Observation value' },
      { id: 'SOURCE', name: 'Source' },
      { id: 'UNIT', name: 'Unit' },
      { id: 'CONF_STATUS', name: 'Confidentiality status' },
    ]);
  });

  it('describes code lists with names in the requested language and parents within the list', () => {
    const [drugs, provinces] = write('ar').data.codelists!;
    expect(drugs).toEqual({
      id: 'CL_DRUG',
      agencyID: 'OBS',
      version: '3.0',
      name: 'المخدرات',
      links: [{ rel: 'self', urn: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=OBS:CL_DRUG(3.0)' }],
      isPartial: false,
      codes: [
        { id: 'OPI', name: 'المواد الأفيونية' },
        { id: 'HER', name: 'الهيروين', parent: 'OPI' },
        { id: 'CAN', name: 'Cannabis' }, // no Arabic name: English
      ],
    });
    expect(provinces!.codes).toEqual([{ id: 'TH_10', name: 'بانكوك' }]); // parent THA is outside the list
  });

  it('gives every language in names objects for lang=all', () => {
    const message = write('en', true);
    const her = message.data.codelists![0]!.codes[1]!;
    expect(her).toEqual({
      id: 'HER',
      name: 'Heroin',
      names: names('Heroin', 'Héroïne', 'Heroína', 'Героин', 'الهيروين', '海洛因'),
      parent: 'OPI',
    });
    expect(message.data.codelists![0]!.codes[2]).toEqual({ id: 'CAN', name: 'Cannabis', names: { en: 'Cannabis' } });
    expect(message.data.dataflows![0]!.descriptions).toEqual({
      en: 'Seizures reported by Member States',
      fr: 'Saisies déclarées par les États Membres',
    });
    expect(message.meta.contentLanguages).toEqual(['en', 'ar', 'zh', 'fr', 'ru', 'es']);
  });

  it('lists the languages it used, the requested one first', () => {
    expect(write('ru').meta.contentLanguages).toEqual(['ru', 'en']);
  });

  it('leaves out empty collections (the schema wants at least one item)', () => {
    const message = sdmxJsonStructure({ codeLists: [conf] }, { lang: 'en', id: 'S', prepared, codeLists });
    expect(Object.keys(message.data)).toEqual(['codelists']);
    expect(sdmxJsonStructure({}, { lang: 'en', id: 'S', prepared, codeLists }).data).toEqual({});
  });

  it('refuses structures whose code lists were not given, and bad message ids', () => {
    expect(() => sdmxJsonStructure({ dataStructures: [flow.structure] }, { lang: 'en', id: 'S', prepared, codeLists: new Map() })).toThrow(
      /code list province of PROVINCE/,
    );
    expect(() => sdmxJsonStructure({}, { lang: 'en', id: 'a b', prepared, codeLists })).toThrow(/meta.id/);
  });

  it('gives every code of a list once, in order, named in the requested language or English (property)', () => {
    const codeArb = fc.record({
      code: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/),
      names: fc.record({
        en: fc.string({ minLength: 1 }),
        fr: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        ar: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      }),
      parent: fc.option(fc.constantFrom('A', 'B', 'ZZ'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(codeArb, { selector: (c) => c.code, maxLength: 30 }), fc.constantFrom(...LANGUAGES), (codes, lang) => {
        const list: CodeList = {
          id: 'x',
          version: 1,
          names: { en: 'X' },
          codes: codes.map((c) => ({
            code: c.code,
            names: JSON.parse(JSON.stringify(c.names)) as Names,
            ...(c.parent ? { parent: c.parent } : {}),
          })),
        };
        const [out] = sdmxJsonStructure({ codeLists: [list] }, { lang, id: 'S', prepared, codeLists }).data.codelists ?? [];
        if (codes.length === 0) return;
        expect(out!.codes.map((c) => c.id)).toEqual(codes.map((c) => c.code));
        out!.codes.forEach((c, i) => {
          const src = list.codes[i]!;
          expect(c.name).toBe(src.names[lang] || src.names.en);
          if (c.parent !== undefined) expect(codes.some((x) => x.code === c.parent)).toBe(true);
        });
      }),
    );
  });
});
