/** A small definition and its code lists, for engine tests. */
import type { CodeList, Definition } from '../src/index.js';

const n = (en: string) => ({ en });

export const sex: CodeList = {
  id: 'test_sex',
  version: 1,
  names: n('Sex'),
  codes: [
    { code: 'T', names: n('Total'), total: true },
    { code: 'F', names: n('Female') },
    { code: 'M', names: n('Male') },
    { code: 'U', names: n('Unknown') },
  ],
};
export const age: CodeList = {
  id: 'test_age',
  version: 1,
  names: n('Age'),
  codes: [
    { code: 'T', names: n('Total'), total: true },
    { code: 'Y0T17', names: n('0 to 17 years') },
    { code: 'Y_GE18', names: n('18 years or over') },
  ],
};
export const drugs: CodeList = {
  id: 'test_drug',
  version: 1,
  names: n('Drug'),
  codes: ['cocaine', 'heroin', 'cannabis_herb', 'mdma'].map((c) => ({ code: c, names: n(c) })),
};
export const big: CodeList = {
  id: 'test_big',
  version: 1,
  names: n('Big'),
  codes: Array.from({ length: 100 }, (_, i) => ({ code: `c${i}`, names: n(`c${i}`) })),
};

export const lists = new Map([sex, age, drugs, big].map((l) => [l.id, l]));

export const definition: Definition = {
  id: 'test_q',
  version: 1,
  collection: 'glotip',
  kind: 'aggregate',
  title: n('Test questionnaire'),
  periodicity: 'annual',
  sections: [
    { id: 'victims', label: n('Victims') },
    { id: 'justice', label: n('Criminal justice') },
    { id: 'routes', label: n('Routes') },
  ],
  dimensions: [
    { id: 'sex', label: n('Sex'), codeList: 'test_sex' },
    { id: 'age', label: n('Age'), codeList: 'test_age' },
  ],
  items: [
    { id: 'victims', section: 'victims', label: n('Detected victims'), type: 'integer', unit: 'count', dimensions: ['sex', 'age'] },
    { id: 'prosecuted', section: 'justice', label: n('Persons prosecuted'), type: 'integer', unit: 'count', dimensions: ['sex'] },
    { id: 'convicted', section: 'justice', label: n('Persons convicted'), type: 'integer', unit: 'count', dimensions: ['sex'] },
    { id: 'share_female', section: 'victims', label: n('Share of women'), type: 'percentage', dimensions: [] },
    {
      id: 'main_origins',
      section: 'routes',
      label: n('Main countries of origin'),
      type: 'ranking',
      codeList: 'test_drug',
      ranks: 3,
      dimensions: [],
    },
    { id: 'legislation', section: 'justice', label: n('Specific legislation?'), type: 'boolean', dimensions: [], required: true },
  ],
  rules: [
    { id: 'sex_total', kind: 'dimension_total', item: 'victims', dimension: 'sex', severity: 'error' },
    {
      id: 'convicted_le_prosecuted',
      kind: 'part_le_total',
      part: { item: 'convicted' },
      total: { item: 'prosecuted' },
      severity: 'warning',
    },
    {
      id: 'children_le_total',
      kind: 'part_le_total',
      part: { item: 'victims', where: { age: 'Y0T17' } },
      total: { item: 'victims', where: { age: 'T' } },
      severity: 'error',
    },
    {
      id: 'prosecuted_needs_victims',
      kind: 'requires',
      if: { item: 'prosecuted', where: { sex: 'T' } },
      then: { item: 'victims', where: { sex: 'T', age: 'T' } },
      severity: 'warning',
    },
    {
      id: 'victims_yoy',
      kind: 'yoy_change',
      target: { item: 'victims', where: { sex: 'T', age: 'T' } },
      threshold: 0.5,
      severity: 'warning',
    },
    {
      id: 'victims_outlier',
      kind: 'outlier',
      target: { item: 'victims', where: { sex: 'T', age: 'T' } },
      method: 'modified_z',
      severity: 'info',
    },
  ],
};
